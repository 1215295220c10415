// The audit API's pages, one after another: fetched (with retries), parsed, checked whole and
// prepared for appending (canonical bytes, leaf hash, derived columns). Runs in the sync page
// worker, so the next pages are fetched and prepared while the main thread appends this one;
// the same code runs in-thread where no worker can be had.
import { createHash } from 'node:crypto';
import type { PackedEvents } from '../store/packedEvents';
import { SyncError, type SyncFailureKind } from './errors';
import { createAgent, httpGet } from './httpGet';
import { describeCursor, parsePage } from './parsePage';
import { withRetry, type RetryPolicy } from './retry';

/** Everything the fetcher needs, plain data so it crosses to a worker thread. */
export interface PageJob {
  sourceName: string;
  /** The source's URL, checked by urlPolicy before the job is made. */
  url: string;
  token: string | null;
  /** Where the token is kept, for the message when it is refused. */
  tokenPlace: string;
  caPem: string | null;
  cursor: string | null;
  pageSize: number;
  timeoutMs: number;
  maxPageBytes: number;
  retry: RetryPolicy;
  maxPages?: number;
  assumeTz?: string;
}

export type PageMessage =
  | {
      type: 'page';
      cursorBefore: string | null;
      /** The cursor to store once this page is committed. */
      cursorAfter: string | null;
      /** False for the last page for now: `next` was null or did not move. */
      advanced: boolean;
      /** Prepared and packed for the crossing to the writer's thread (store/packedEvents.ts). */
      events: PackedEvents;
      bytes: number;
      sha256: string;
      assumedTimeZone: string | null;
      /** Retries spent on this page. */
      retries: number;
    }
  | { type: 'fault'; kind: SyncFailureKind; message: string; retries: number }
  | { type: 'end'; retries: number };

export function pageUrl(base: URL, cursor: string | null, limit: number): URL {
  const url = new URL(base.href);
  if (cursor !== null) url.searchParams.set('after', cursor);
  else url.searchParams.delete('after');
  url.searchParams.set('limit', String(limit));
  return url;
}

/**
 * Yields the pages after the job's cursor until the source has no more for now (an `end`), a
 * fault (a `fault`, last), or `maxPages`. Faults of the source are messages, not exceptions.
 */
export async function* fetchPages(job: PageJob, signal?: AbortSignal): AsyncGenerator<PageMessage> {
  const base = new URL(job.url);
  const agent = createAgent(base, job.caPem);
  let cursor = job.cursor;
  let retries = 0;
  try {
    for (let pages = 0; ; pages++) {
      if (job.maxPages !== undefined && pages >= job.maxPages) break;
      try {
        const page = await fetchPage(job, base, agent, cursor, signal, () => retries++);
        yield { ...page, retries };
        retries = 0;
        if (!page.advanced) break;
        cursor = page.cursorAfter;
      } catch (err) {
        if (!(err instanceof SyncError)) throw err;
        yield { type: 'fault', kind: err.kind, message: err.message, retries };
        return;
      }
    }
    yield { type: 'end', retries };
  } finally {
    agent.destroy();
  }
}

async function fetchPage(
  job: PageJob,
  base: URL,
  agent: ReturnType<typeof createAgent>,
  cursor: string | null,
  signal: AbortSignal | undefined,
  onRetry: () => void,
): Promise<Omit<Extract<PageMessage, { type: 'page' }>, 'retries'>> {
  const answer = await withRetry(
    () =>
      httpGet(pageUrl(base, cursor, job.pageSize), {
        timeoutMs: job.timeoutMs,
        maxBodyBytes: job.maxPageBytes,
        headers: job.token ? { authorization: `Bearer ${job.token}` } : {},
        agent,
        signal,
      }),
    job.retry,
    { signal, onRetry },
  ).catch((err: unknown) => {
    if (err instanceof SyncError && err.kind === 'network') {
      throw new SyncError(
        'network',
        `source ${job.sourceName}: ${err.message}. Sync stopped at ${describeCursor(cursor)}; run it again to resume.`,
      );
    }
    throw err;
  });
  if (answer.status === 401 || answer.status === 403) {
    throw new SyncError(
      'auth',
      `the token for source ${job.sourceName} was refused (${answer.status}): set a valid token in ${job.tokenPlace}. ${cursor === null ? 'Nothing was taken from it yet.' : `Pages before cursor ${JSON.stringify(cursor)} are kept; sync resumes there.`}`,
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new SyncError(
      'network',
      `source ${job.sourceName}: ${base.origin}${base.pathname} answered ${answer.status} ${answer.statusText} at ${describeCursor(cursor)}. Check the source's URL ("signtrail sources list").`,
    );
  }
  const page = parsePage(answer.body, job.sourceName, cursor, job.assumeTz);
  // A null next, or one that does not move, means "no more for now": the next run asks again from here.
  const advanced = page.next !== null && page.next !== cursor;
  return {
    type: 'page',
    cursorBefore: cursor,
    cursorAfter: advanced ? page.next : cursor,
    advanced,
    events: page.events,
    bytes: answer.body.length,
    sha256: createHash('sha256').update(answer.body).digest('hex'),
    assumedTimeZone: page.assumedTimeZone,
  };
}
