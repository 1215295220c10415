import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSource, getSource } from '../../electron/sync/sources';
import { syncSource, type SyncOptions } from '../../electron/sync/syncSource';
import { startFakeAuditApi, type PageRequest, type FakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, importRows, platformEvents, syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
let api: FakeAuditApi;
const TOKEN_ENV = 'SIGNTRAIL_TEST_TOKEN';

beforeEach(async () => {
  c = syncCase();
  api = await startFakeAuditApi(platformEvents(35));
  process.env[TOKEN_ENV] = api.token;
  addSource(c.db, { name: 'platform', url: api.url, tokenEnv: TOKEN_ENV });
});

afterEach(() => c.db.close());

const options = (extra: Partial<SyncOptions> = {}): SyncOptions => ({ signer: c.signer, http: FAST, ...extra });
const run = (extra: Partial<SyncOptions> = {}) => syncSource(c.db, 'platform', options(extra));

describe('HTTP sync', () => {
  it('takes every page once, stores the cursor with its page and seals a checkpoint', async () => {
    const report = await run();
    expect(report.error).toBeNull();
    expect(report).toMatchObject({ appended: 35, duplicates: 0, conflicts: 0, pages: 5, cursor: 'c35' });
    expect(api.requests.map((r) => r.after)).toEqual([null, 'c10', 'c20', 'c30', 'c35']);
    expect(api.requests.every((r) => r.authorization === `Bearer ${api.token}` && r.limit === 10)).toBe(true);
    expect(getSource(c.db, 'platform')).toMatchObject({ cursor: 'c35', lastAppended: 35, lastError: null });
    const rows = importRows(c.db);
    expect(rows.map((r) => r.appended)).toEqual([10, 10, 10, 5]);
    expect(rows.every((r) => r.kind === 'sync' && r.source === 'platform')).toBe(true);
    expect(JSON.parse(rows[1].detail!)).toMatchObject({ url: api.url, cursorBefore: 'c10', cursorAfter: 'c20' });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('adds nothing when run again, and only what is new after the cursor later', async () => {
    await run();
    const again = await run();
    expect(again).toMatchObject({ appended: 0, duplicates: 0, error: null, cursor: 'c35' });
    expect(api.requests.at(-1)?.after).toBe('c35');
    api.events.push(...platformEvents(4));
    const later = await run();
    expect(later).toMatchObject({ appended: 4, duplicates: 0, error: null, cursor: 'c39' });
    await expectIntactStore(c.db, c.signer.verifierKey, 39);
  });

  it('retries a response slower than the timeout, then completes', async () => {
    api.fault = (r) => (r.n === 2 ? { kind: 'delay', ms: 600 } : undefined);
    const report = await run();
    expect(report).toMatchObject({ appended: 35, error: null, retries: 1 });
    expect(api.requests.filter((r) => r.after === 'c10')).toHaveLength(2);
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('retries 500s with backoff, then completes', async () => {
    api.fault = (r) => (r.n === 1 || r.n === 3 || r.n === 4 ? { kind: 'status', code: 503 } : undefined);
    const report = await run();
    expect(report).toMatchObject({ appended: 35, error: null, retries: 3 });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('retries a connection dropped mid-body, storing nothing from the cut page', async () => {
    api.fault = (r) => (r.n === 2 ? { kind: 'drop', afterBytes: 300 } : undefined);
    const report = await run();
    expect(report).toMatchObject({ appended: 35, duplicates: 0, error: null, retries: 1 });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('gives up after the retry cap, keeps the pages before and names the cursor', async () => {
    api.fault = (r) => (r.after === 'c20' ? { kind: 'status', code: 500 } : undefined);
    const report = await run();
    expect(report.errorKind).toBe('network');
    expect(report.error).toMatch(/answered 500.*gave up after 4 attempts.*cursor "c20"/);
    expect(report).toMatchObject({ appended: 20, pages: 2 });
    expect(getSource(c.db, 'platform').cursor).toBe('c20');
    expect(getSource(c.db, 'platform').lastError).toBe(report.error);
    api.fault = () => undefined;
    expect(await run()).toMatchObject({ appended: 15, error: null });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('refuses a page that is not JSON whole, stops and names the cursor', async () => {
    api.fault = (r) => (r.after === 'c10' ? { kind: 'body', body: '{"events": [ {"id": "x"' } : undefined);
    const report = await run();
    expect(report.errorKind).toBe('malformed');
    expect(report.error).toMatch(/source platform: the page after cursor "c10" was refused: it is not JSON/);
    expect(report).toMatchObject({ appended: 10, pages: 1 });
    expect(api.requests).toHaveLength(2);
    await expectIntactStore(c.db, c.signer.verifierKey, 10);
  });

  it('refuses a page without an events array', async () => {
    api.fault = (r) => (r.after === 'c10' ? { kind: 'body', body: '{"items": [], "next": "c20"}' } : undefined);
    const report = await run();
    expect(report.error).toMatch(/page after cursor "c10" was refused: it has no "events" array/);
    expect(getSource(c.db, 'platform').cursor).toBe('c10');
    await expectIntactStore(c.db, c.signer.verifierKey, 10);
  });

  it('refuses a page it could not keep exactly: an event ID beyond 2^53', async () => {
    const page = JSON.stringify({
      events: [{ ...(api.events[10] as object), id: 'PLACEHOLDER' }],
      next: 'c11',
    }).replace('"PLACEHOLDER"', '9007199254740993');
    api.fault = (r) => (r.after === 'c10' ? { kind: 'body', body: page } : undefined);
    const report = await run();
    expect(report.errorKind).toBe('malformed');
    expect(report.error).toMatch(
      /page after cursor "c10" was refused: event 1, field "id": the number 9007199254740993 cannot be represented exactly/,
    );
    expect(getSource(c.db, 'platform').cursor).toBe('c10');
    await expectIntactStore(c.db, c.signer.verifierKey, 10);
  });

  it('refuses a whole page when one of its records cannot be mapped, keeping none of its valid ones', async () => {
    const page = api.events.slice(10, 20).map((e) => ({ ...(e as object) }));
    delete (page[6] as { timestamp?: string }).timestamp;
    api.fault = (r) => (r.after === 'c10' ? { kind: 'events', events: page } : undefined);
    const report = await run();
    expect(report.errorKind).toBe('malformed');
    expect(report.error).toMatch(/page after cursor "c10" was refused: event 7, field "Timestamp": is missing/);
    expect(report.appended).toBe(10);
    await expectIntactStore(c.db, c.signer.verifierKey, 10);
  });

  it('refuses a page larger than the byte limit without retrying it', async () => {
    const report = await run({ http: { ...FAST, maxPageBytes: 2000 } });
    expect(report.errorKind).toBe('malformed');
    expect(report.error).toBe(`the answer of ${api.url} is larger than 2000 bytes; ask for smaller pages.`);
    expect(report.retries).toBe(0);
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
  });

  it('retries 408 and 429 answers with backoff, then completes', async () => {
    api.fault = (r) =>
      r.n === 1 ? { kind: 'status', code: 408 } : r.n === 3 ? { kind: 'status', code: 429 } : undefined;
    const report = await run();
    expect(report).toMatchObject({ appended: 35, error: null, retries: 2 });
    expect(api.requests.map((r) => r.after)).toEqual([null, null, 'c10', 'c10', 'c20', 'c30', 'c35']);
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('retries a refused connection up to the cap, then resumes once the server is back', async () => {
    const port = new URL(api.url).port;
    await api.close();
    const refused = await run();
    expect(refused.errorKind).toBe('network');
    expect(refused.error).toMatch(/ECONNREFUSED.*gave up after 4 attempts/);
    expect(refused.retries).toBe(3);
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
    // The same server back on the same port: the next sync takes everything, once.
    const back = await startFakeAuditApi(api.events, api.token, Number(port));
    expect(back.url).toBe(api.url);
    expect(await run()).toMatchObject({ appended: 35, error: null, retries: 0 });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  for (const code of [301, 302, 307, 308]) {
    it(`stops on a ${code} redirect without following it, naming the status and the URL`, async () => {
      const elsewhere = 'http://127.0.0.1:9/api/audit/events?after=c10';
      api.fault = (r) => (r.after === 'c10' ? { kind: 'redirect', code, location: elsewhere } : undefined);
      const report = await run();
      expect(report.errorKind).not.toBeNull();
      expect(report.error).toContain(`${api.url} answered ${code}`);
      expect(report.error).toContain('at cursor "c10"');
      expect(report.retries).toBe(0);
      expect(api.requests.map((r) => r.after)).toEqual([null, 'c10']);
      expect(getSource(c.db, 'platform').cursor).toBe('c10');
      await expectIntactStore(c.db, c.signer.verifierKey, 10);
    });
  }

  it('takes a numeric next cursor as its decimal text', async () => {
    const events = api.events;
    api.fault = (r) =>
      r.after === null
        ? { kind: 'events', events: events.slice(0, 10), next: 10 as never }
        : r.after === '10'
          ? { kind: 'events', events: events.slice(10), next: null }
          : undefined;
    const report = await run();
    expect(report).toMatchObject({ appended: 35, error: null });
    expect(api.requests.map((r) => r.after).slice(0, 2)).toEqual([null, '10']);
    expect(getSource(c.db, 'platform').cursor).toBe('10');
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  for (const next of ['true', '{"after":"c20"}', '["c20"]', '1.5e400']) {
    it(`refuses a page whose next is ${next} whole, keeping the pages before`, async () => {
      const body = (events: unknown[]) => `{"events":${JSON.stringify(events)},"next":${next}}`;
      api.fault = (r) => (r.after === 'c10' ? { kind: 'body', body: body(api.events.slice(10, 20)) } : undefined);
      const report = await run();
      expect(report.errorKind).toBe('malformed');
      expect(report.error).toMatch(/the page after cursor "c10" was refused/);
      expect(getSource(c.db, 'platform').cursor).toBe('c10');
      await expectIntactStore(c.db, c.signer.verifierKey, 10);
    });
  }

  it('stops on a 404 and says to check the URL', async () => {
    api.fault = (r) => (r.after === 'c10' ? { kind: 'status', code: 404 } : undefined);
    const report = await run();
    expect(report.error).toBe(
      `source platform: ${api.url} answered 404 Not Found at cursor "c10". Check the source's URL ("signtrail sources list").`,
    );
    expect(report.retries).toBe(0);
    await expectIntactStore(c.db, c.signer.verifierKey, 10);
  });

  it('counts a page repeating earlier events as duplicates and stores nothing twice', async () => {
    api.fault = (r) =>
      r.after === 'c10' ? { kind: 'events', events: api.events.slice(5, 15), next: 'c15' } : undefined;
    const report = await run();
    expect(report).toMatchObject({ appended: 35, duplicates: 5, conflicts: 0, error: null });
    expect(importRows(c.db)[1]).toMatchObject({ appended: 5, duplicates: 5 });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('reports an event served again with other content as a conflict and keeps the first', async () => {
    const changed = { ...(api.events[7] as object), status: 'DENIED' };
    const page = [...api.events.slice(5, 7), changed, ...api.events.slice(8, 15)];
    api.fault = (r) => (r.after === 'c10' ? { kind: 'events', events: page, next: 'c15' } : undefined);
    const report = await run();
    expect(report).toMatchObject({ appended: 35, duplicates: 4, conflicts: 1, error: null });
    const [conflict] = report.conflictReports;
    expect(conflict.eventId).toBe((api.events[7] as { id: string }).id);
    expect(conflict.stored).toContain('"status":"SUCCESS"');
    expect(conflict.incoming).toContain('"status":"DENIED"');
    expect(JSON.parse(importRows(c.db)[1].detail!).conflicts).toHaveLength(1);
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('stops on an expired token (401) mid-way, keeps earlier pages and says where to set the token', async () => {
    api.fault = (r) => (r.after === 'c20' ? { kind: 'status', code: 401 } : undefined);
    const report = await run();
    expect(report.errorKind).toBe('auth');
    expect(report.error).toBe(
      `the token for source platform was refused (401): set a valid token in $${TOKEN_ENV}. Pages before cursor "c20" are kept; sync resumes there.`,
    );
    expect(report.retries).toBe(0);
    expect(report.appended).toBe(20);
    api.fault = () => undefined;
    expect(await run()).toMatchObject({ appended: 15, error: null });
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  it('stops on a refused token (403) at the first page', async () => {
    api.fault = () => ({ kind: 'status', code: 403 });
    const report = await run();
    expect(report.error).toBe(
      `the token for source platform was refused (403): set a valid token in $${TOKEN_ENV}. Nothing was taken from it yet.`,
    );
    expect(api.requests).toHaveLength(1);
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
  });

  it('resumes after being stopped between pages with no gap and no duplicate', async () => {
    const controller = new AbortController();
    const first = await run({ signal: controller.signal, onProgress: (r) => r.pages >= 2 && controller.abort() });
    expect(first.errorKind).toBe('cancelled');
    // Pages already fetched may be committed with the second: the run stops at a page boundary.
    const stopped = /cancelled after (\d+) pages; run sync again to resume from cursor "c(\d+)"/.exec(
      first.error ?? '',
    );
    expect(stopped).not.toBeNull();
    const pages = Number(stopped![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThan(5);
    expect(Number(stopped![2])).toBe(10 * pages);
    expect(getSource(c.db, 'platform').cursor).toBe(`c${10 * pages}`);
    await expectIntactStore(c.db, c.signer.verifierKey, 10 * pages);
    const asked = api.requests.length;
    const resumed = await run();
    expect(resumed).toMatchObject({ appended: 35 - 10 * pages, duplicates: 0, error: null });
    // The stopped run may have fetched pages ahead; the resumed one starts at the stored cursor.
    expect(api.requests[asked].after).toBe(`c${10 * pages}`);
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });

  for (const worker of [true, false]) {
    it(`stops at once when cancelled while a request hangs (${worker ? 'page worker' : 'in this thread'})`, async () => {
      api.fault = (r) => (r.after === 'c20' ? { kind: 'hang' } : undefined);
      const controller = new AbortController();
      // Two pages committed and the third asked for (it hangs): events, not a poll.
      const hanging = new Promise<PageRequest>((resolve) => {
        api.onRequest = (r) => r.after === 'c20' && resolve(r);
      });
      let twoCommitted!: () => void;
      const committed = new Promise<void>((resolve) => (twoCommitted = resolve));
      const pending = run({
        signal: controller.signal,
        http: { ...FAST, timeoutMs: 60_000, worker },
        onProgress: (r) => r.pages >= 2 && twoCommitted(),
      });
      const [request] = await Promise.all([hanging, committed]);
      controller.abort();
      const report = await pending;
      // It stopped at once: the hanging request was given up by the client (its connection
      // closed), not left to its 60 s timeout. The time it takes is measured by npm run bench.
      await request.closed;
      expect(report.errorKind).toBe('cancelled');
      expect(report.error).toMatch(/cancelled after 2 pages; run sync again to resume from cursor "c20"/);
      expect(getSource(c.db, 'platform').cursor).toBe('c20');
      await expectIntactStore(c.db, c.signer.verifierKey, 20);
    }, 30_000);
  }

  it('commits the pages already fetched together, one import row per page, one checkpoint per commit', async () => {
    // The API in another process, so this thread can stop after the first page while the page
    // worker fetches ahead: the pages waiting are then committed together.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'apiChild.ts'), '100', api.token], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d) => resolve(String(d).trim()));
        child.once('exit', (code) => reject(new Error(`the API process exited (${code})`)));
      });
      addSource(c.db, { name: 'other', url, tokenEnv: TOKEN_ENV });
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const report = await syncSource(c.db, 'other', {
        ...options({ http: { ...FAST, timeoutMs: 5000, eventsPerCommit: 40 } }),
        onProgress: (r) => r.pages === 1 && Atomics.wait(pause, 0, 0, 400),
      });
      expect(report).toMatchObject({ appended: 100, pages: 11, error: null, cursor: 'c100' });
      const rows = importRows(c.db);
      expect(rows).toHaveLength(10);
      expect(rows.every((r) => r.appended === 10)).toBe(true);
      const checkpoints = c.db.prepare('SELECT size FROM checkpoints ORDER BY id').pluck().all() as number[];
      expect(checkpoints.length).toBeLessThan(10);
      expect(checkpoints.at(-1)).toBe(100);
      // No commit holds more than eventsPerCommit events.
      checkpoints.forEach((size, i) => expect(size - (checkpoints[i - 1] ?? 0)).toBeLessThanOrEqual(40));
      await expectIntactStore(c.db, c.signer.verifierKey, 100);
    } finally {
      child.kill();
    }
  });

  it('gives the same store fetching pages in this thread as in the page worker', async () => {
    const report = await run({ http: { ...FAST, worker: false } });
    expect(report).toMatchObject({ appended: 35, pages: 5, error: null, cursor: 'c35' });
    expect(importRows(c.db).map((r) => r.appended)).toEqual([10, 10, 10, 5]);
    await expectIntactStore(c.db, c.signer.verifierKey, 35);
  });
});
