// The sync client keeps few pages in memory: the page worker (or this thread) fetches and prepares
// at most DEFAULT_PAGES_AHEAD pages the append has not taken yet (each page is held, prepared, in
// both threads' heaps until appended; docs/performance.md, "Sync client memory"). A real HTTP
// server on 127.0.0.1 counts the requests while nothing is taken.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../electron/sync/retry';
import type { PageJob } from '../../electron/sync/pageFetcher';
import { DEFAULT_PAGES_AHEAD, openPageStream } from '../../electron/sync/pageStream';
import { startFakeAuditApi, type FakeAuditApi } from './fakeAuditApi';
import { platformEvents } from './syncCase';

function job(api: FakeAuditApi): PageJob {
  return {
    sourceName: 'platform',
    url: api.url,
    token: api.token,
    tokenPlace: 'a test',
    caPem: null,
    cursor: null,
    pageSize: 10,
    timeoutMs: 5000,
    maxPageBytes: 2 ** 20,
    retry: DEFAULT_RETRY,
  };
}

/** Resolves once the API has been asked `n` times. */
function asked(api: FakeAuditApi, n: number): Promise<void> {
  return new Promise((resolve) => {
    if (api.requests.length >= n) return resolve();
    api.onRequest = () => api.requests.length >= n && resolve();
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('pages fetched ahead of the append', () => {
  it('defaults to two pages ahead', () => {
    expect(DEFAULT_PAGES_AHEAD).toBe(2);
  });

  for (const worker of [true, false]) {
    it(`fetches no more than that until a page is taken (${worker ? 'page worker' : 'in this thread'})`, async () => {
      const api = await startFakeAuditApi(platformEvents(200));
      const stream = openPageStream(job(api), undefined, { worker });
      try {
        // The worker holds one more page, fetched and prepared, while it waits for a credit.
        const most = DEFAULT_PAGES_AHEAD + (worker ? 1 : 0);
        await asked(api, most);
        await settle();
        expect(api.requests.length).toBe(most);
        const first = await stream.next();
        expect(first).toMatchObject({ type: 'page', cursorAfter: 'c10' });
        await asked(api, most + 1);
        await settle();
        expect(api.requests.length).toBe(most + 1);
      } finally {
        await stream.close();
      }
    }, 20_000);
  }
});
