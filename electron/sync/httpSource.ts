// Sync from the platform's audit API. Pages are fetched and prepared a few ahead (pageStream) while
// this thread appends. Each page is recorded as its own import with the cursor after it; the pages
// already waiting are committed together, up to `eventsPerCommit`, so a crash between commits
// resumes exactly where the store stopped. No transaction waits on the network: a group only takes
// pages that have already arrived.
import { completeCatchUp } from '../store/bulkLoad';
import { eventCount, type Db } from '../store/db';
import type { CheckpointSigner } from '../store/checkpoints';
import { appendParts, type BatchSource } from '../ingest/importer';
import { IdFilter } from '../store/idFilter';
import { noPackedEvents } from '../store/packedEvents';
import { SyncError } from './errors';
import type { PageMessage } from './pageFetcher';
import { openPageStream } from './pageStream';
import { describeCursor } from './parsePage';
import { addTally, type SyncRunDetail } from './report';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
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
  /** Pages already here are committed together up to this many events (default 50,000). */
  eventsPerCommit?: number;
  /** Fetch and prepare pages in a worker thread (default: when one can be started). */
  worker?: boolean;
  /** Pages fetched and prepared ahead of the append (default 2): memory against overlap. */
  pagesAhead?: number;
  /**
   * A run takes the bulk path (filter indexes dropped, recreated once at its end) once it has
   * brought this many events and at least as many as the store held when it started (default
   * 10,000; docs/performance.md, decision 5).
   */
  bulkMinEvents?: number;
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
const DEFAULT_EVENTS_PER_COMMIT = 50_000;
/** "More than a few thousand events": below this a run keeps the row-by-row path. */
export const DEFAULT_BULK_MIN_EVENTS = 10_000;
/**
 * Build the duplicate filter once a run has received this share of the store's size: it costs a
 * read of every ID hash, and saves a lookup per event (see IdFilter).
 */
const FILTER_AFTER_SHARE = 1 / 8;

type Page = Extract<PageMessage, { type: 'page' }>;

export async function syncHttpSource(
  db: Db,
  source: SyncSourceConfig,
  tuning: HttpSyncTuning,
  ctx: HttpSyncContext,
  report: SyncRunDetail,
): Promise<void> {
  const base = checkSourceUrl(source.location);
  const storedAtStart = eventCount(db);
  // Nothing that can throw between starting the page worker and the try that stops it.
  const stream = openPageStream(
    {
      sourceName: source.name,
      url: base.href,
      token: await ctx.vault.get(source.name),
      tokenPlace: ctx.vault.describe(source.name),
      caPem: source.caFile ? readCaFile(source.caFile, source.name) : null,
      cursor: source.cursor,
      pageSize: tuning.pageSize ?? DEFAULT_PAGE_SIZE,
      timeoutMs: tuning.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxPageBytes: tuning.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES,
      retry: { ...DEFAULT_RETRY, ...tuning.retry },
      maxPages: tuning.maxPages,
      assumeTz: tuning.assumeTz,
    },
    ctx.signal,
    { worker: tuning.worker, ahead: tuning.pagesAhead },
  );
  const eventsPerCommit = tuning.eventsPerCommit ?? DEFAULT_EVENTS_PER_COMMIT;
  const bulkFrom = Math.max(tuning.bulkMinEvents ?? DEFAULT_BULK_MIN_EVENTS, storedAtStart);
  /** Set once a group of this run dropped the filter indexes: the run's end recreates them. */
  let bulk = false;
  let idFilter: IdFilter | undefined;
  /** The store's last seq when the filter was last known to hold every ID hash in it. */
  let filterSeq = 0;
  let cursor = source.cursor;
  const cancelled = () =>
    new SyncError(
      'cancelled',
      `sync of source ${source.name} was cancelled after ${report.pages} pages; run sync again to resume from ${describeCursor(cursor)}.`,
    );
  try {
    for (;;) {
      if (ctx.signal?.aborted) throw cancelled();
      const first = await stream.next().catch((err: unknown) => {
        throw ctx.signal?.aborted ? cancelled() : err;
      });
      report.retries += first.retries;
      if (ctx.signal?.aborted) throw cancelled();
      if (first.type === 'end') break;
      if (first.type === 'fault') throw new SyncError(first.kind, first.message);
      if (first.events.count === 0) {
        if (first.advanced) saveCursor(db, source.name, first.cursorAfter);
        pageDone(first);
        continue;
      }
      // Built once the run is large enough, built again (twice the size) once the store outgrew it:
      // a 10M-event run would otherwise look most IDs up for nothing.
      const outgrown = idFilter !== undefined && eventCount(db) > idFilter.capacity;
      if (outgrown || (!idFilter && report.received >= Math.max(eventsPerCommit, storedAtStart * FILTER_AFTER_SHARE))) {
        filterSeq = eventCount(db);
        idFilter = IdFilter.ofStore(db, Math.max(filterSeq, storedAtStart, 1_000_000));
      }
      const group: Page[] = [];
      const parts = async function* (): AsyncGenerator<BatchSource> {
        // In the transaction now: if another writer appended since, the filter no longer holds them all.
        if (idFilter && eventCount(db) !== filterSeq) idFilter = undefined;
        let page = first;
        let events = 0;
        for (;;) {
          group.push(page);
          events += page.events.count;
          yield pagePart(source, base, page, idFilter);
          const waiting = stream.ready();
          const more = waiting?.type === 'page' && waiting.events.count > 0;
          if (!more || !page.advanced || events >= eventsPerCommit || ctx.signal?.aborted) return;
          page = (await stream.next()) as Page;
          report.retries += page.retries;
        }
      };
      // The bulk path once this run has brought as many events as the store held (and more than a
      // few thousand), and more pages are coming: recreating the indexes once costs less then.
      bulk ||= first.advanced && report.received + first.events.count >= bulkFrom;
      const results = await appendParts(db, parts(), {
        signer: ctx.signer,
        catchUpFor: bulk ? `sync of source ${source.name}` : undefined,
      });
      filterSeq = results.reduce((seq, r) => r.tally.lastSeq ?? seq, filterSeq);
      results.forEach((result, i) => {
        addTally(report, result.tally);
        pageDone(group[i]);
      });
    }
  } catch (err) {
    if (bulk) catchUpAfterFailure(db);
    throw err;
  } finally {
    await stream.close();
  }
  // Whatever ended the run (the last page, a fault, a cancel), its pages are committed: recreate
  // the indexes in one transaction. A crash before this leaves the recorded state (store/catchUp.ts).
  if (bulk) completeCatchUp(db);

  function pageDone(page: Page): void {
    report.pages++;
    report.cursor = page.cursorAfter;
    cursor = page.cursorAfter;
    ctx.onPage?.(report);
  }
}

/** The run failed: still recreate the indexes, but the run's own error is the one to report. */
function catchUpAfterFailure(db: Db): void {
  try {
    completeCatchUp(db);
  } catch {
    // Left recorded: the next open of the store for writing completes it.
  }
}

/** One page as an import of its own: its bytes' SHA-256, the cursors around it, its cursor saved with it. */
function pagePart(source: SyncSourceConfig, base: URL, page: Page, idFilter: IdFilter | undefined): BatchSource {
  return {
    kind: 'sync',
    source: source.name,
    format: 'json',
    preparedBatches: (async function* () {
      yield page.events;
      // Appended: the group keeps the page for its cursor only.
      page.events = noPackedEvents();
    })(),
    stats: () => ({ bytes: page.bytes, sha256: page.sha256, assumedTimeZone: page.assumedTimeZone }),
    detail: { url: `${base.origin}${base.pathname}`, cursorBefore: page.cursorBefore, cursorAfter: page.cursorAfter },
    idFilter,
    beforeCommit: (tx) => saveCursor(tx, source.name, page.cursorAfter),
  };
}
