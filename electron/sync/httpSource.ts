// Sync from the platform's audit API, a page at a time. Each page is one transaction that also
// stores the cursor after it, so a crash between pages resumes exactly where the store stopped.
import { createHash } from 'node:crypto';
import type { Db } from '../store/db';
import type { CheckpointSigner } from '../store/checkpoints';
import { appendSource } from '../ingest/importer';
import { SyncError } from './errors';
import { createAgent, httpGet } from './httpGet';
import { describeCursor, parsePage } from './parsePage';
import { addTally, type SyncRunDetail } from './report';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { readCaFile, saveCursor, type SyncSourceConfig } from './sources';
import type { TokenVault } from './tokens';
import { checkSourceUrl } from './urlPolicy';

export interface HttpSyncTuning {
  /** Events asked for per page (`limit`). */
  pageSize?: number;
  /** Milliseconds of silence from the server before a request counts as timed out. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxPageBytes?: number;
  /** Stop after this many pages (the rest on the next run). */
  maxPages?: number;
  /** Zone for zone-less times in the source's events (default UTC). */
  assumeTz?: string;
}

export interface HttpSyncContext {
  signer: CheckpointSigner;
  vault: TokenVault;
  signal?: AbortSignal;
  onPage?: (report: SyncRunDetail) => void;
}

export const DEFAULT_PAGE_SIZE = 5000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_PAGE_BYTES = 256 * 2 ** 20;

export function pageUrl(base: URL, cursor: string | null, limit: number): URL {
  const url = new URL(base.href);
  if (cursor !== null) url.searchParams.set('after', cursor);
  else url.searchParams.delete('after');
  url.searchParams.set('limit', String(limit));
  return url;
}

export async function syncHttpSource(
  db: Db,
  source: SyncSourceConfig,
  tuning: HttpSyncTuning,
  ctx: HttpSyncContext,
  report: SyncRunDetail,
): Promise<void> {
  const base = checkSourceUrl(source.location);
  const token = await ctx.vault.get(source.name);
  const agent = createAgent(base, source.caFile ? readCaFile(source.caFile, source.name) : null);
  const pageSize = tuning.pageSize ?? DEFAULT_PAGE_SIZE;
  const retry = { ...DEFAULT_RETRY, ...tuning.retry };
  let cursor = source.cursor;
  try {
    for (;;) {
      if (ctx.signal?.aborted) {
        throw new SyncError(
          'cancelled',
          `sync of source ${source.name} was cancelled after ${report.pages} pages; run sync again to resume from ${describeCursor(cursor)}.`,
        );
      }
      if (tuning.maxPages !== undefined && report.pages >= tuning.maxPages) return;
      const url = pageUrl(base, cursor, pageSize);
      const answer = await withRetry(
        () =>
          httpGet(url, {
            timeoutMs: tuning.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            maxBodyBytes: tuning.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
            headers: token ? { authorization: `Bearer ${token}` } : {},
            agent,
            signal: ctx.signal,
          }),
        retry,
        { signal: ctx.signal, onRetry: () => report.retries++ },
      ).catch((err: unknown) => {
        if (err instanceof SyncError && err.kind === 'network') {
          throw new SyncError(
            'network',
            `source ${source.name}: ${err.message}. Sync stopped at ${describeCursor(cursor)}; run it again to resume.`,
          );
        }
        throw err;
      });
      if (answer.status === 401 || answer.status === 403) {
        throw new SyncError(
          'auth',
          `the token for source ${source.name} was refused (${answer.status}): set a valid token in ${ctx.vault.describe(source.name)}. ${cursor === null ? 'Nothing was taken from it yet.' : `Pages before cursor ${JSON.stringify(cursor)} are kept; sync resumes there.`}`,
        );
      }
      if (answer.status < 200 || answer.status >= 300) {
        throw new SyncError(
          'network',
          `source ${source.name}: ${base.origin}${base.pathname} answered ${answer.status} ${answer.statusText} at ${describeCursor(cursor)}. Check the source's URL ("signtrail sources list").`,
        );
      }
      const page = parsePage(answer.body, source.name, cursor, tuning.assumeTz);
      // A null next, or one that does not move, means "no more for now": the next run asks again from here.
      const advanced = page.next !== null && page.next !== cursor;
      const cursorAfter = advanced ? page.next : cursor;
      if (page.events.length > 0) {
        const cursorBefore = cursor;
        const { tally } = await appendSource(
          db,
          {
            kind: 'sync',
            source: source.name,
            format: 'json',
            batches: [page.events],
            stats: () => ({
              bytes: answer.body.length,
              sha256: createHash('sha256').update(answer.body).digest('hex'),
              assumedTimeZone: page.assumedTimeZone,
            }),
            detail: { url: `${base.origin}${base.pathname}`, cursorBefore, cursorAfter },
            beforeCommit: (tx) => saveCursor(tx, source.name, cursorAfter),
          },
          { signer: ctx.signer, signal: ctx.signal },
        );
        addTally(report, tally);
      } else if (advanced) {
        saveCursor(db, source.name, cursorAfter);
      }
      report.pages++;
      report.cursor = cursorAfter;
      cursor = cursorAfter;
      ctx.onPage?.(report);
      if (!advanced) return;
    }
  } finally {
    agent.destroy();
  }
}
