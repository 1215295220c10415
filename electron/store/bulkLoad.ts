// Bulk loading: when an import is large next to the store, the filter indexes are dropped inside
// the import's transaction and rebuilt before it commits. Building an index once by sorting
// costs less than inserting into it row by row (about 20% of a 200k-row import, measured here).
// Readers keep their snapshot with the indexes; a crash rolls the drop back with everything else.
import os from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CATCH_UP_META_KEY, readCatchUp, type CatchUpState } from './catchUp';
// Types only from db.ts: openStore completes a recorded catch-up with this file's functions.
import type { Db, WritableDb } from './db';
import { expectedIndexes } from './schema';

/** Sorter helper threads for the rebuild: 5.9 s -> 4.9 s for the seven indexes of 1M events here. */
const SORT_THREADS = Math.min(4, os.availableParallelism());

/** How the indexes are sorted when they are built: helper threads, and the page cache for the build. */
export interface SortBudget {
  threads: number;
  /** The connection's page cache while building; SQLite's sorter keeps runs of up to this size in memory. */
  cacheKiB?: number;
}

/** A bulk import's rebuild: the sorter's helper threads, the writer's page cache. */
const IMPORT_SORT: SortBudget = { threads: SORT_THREADS };

/**
 * A sync's catch-up (completeCatchUp): no helper thread and 4 MiB runs. The sorter keeps one run of
 * up to the page cache's size per thread in memory, and each helper thread leaves its own malloc
 * arena behind: the 1M-event rebuild peaked 48 MB above its start with 4 threads and 16 MiB, 5 MB
 * with none and 4 MiB, for less CPU (8.7 s against 13.0 s, both loaded; docs/performance.md).
 */
export const CATCH_UP_SORT: SortBudget = { threads: 0, cacheKiB: 4096 };

/** Imports estimated below this many events keep their indexes: the rebuild would cost more. */
export const BULK_MIN_EVENTS = 50_000;
/** Bytes per event in a typical source file, to estimate an import's size before reading it. */
const BYTES_PER_EVENT = 250;

/** Events a source of this many bytes holds, about. */
export function estimateEvents(fileBytes: number): number {
  return Math.ceil(fileBytes / BYTES_PER_EVENT);
}

export function isBulkImport(db: Db, fileBytes: number): boolean {
  const incoming = estimateEvents(fileBytes);
  if (incoming < BULK_MIN_EVENTS) return false;
  return incoming >= ((db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0);
}

/**
 * Drops the events table's indexes; returns a function that recreates them. Both the names and the
 * CREATE INDEX statements come from the migrations (code), never from the store's sqlite_master:
 * a store file is someone else's, and its SQL text is not run here (the store's schema was
 * compared with the migrations' when it was opened for writing).
 */
export function suspendIndexes(db: WritableDb): () => Promise<void> {
  const indexes = dropEventIndexes(db);
  // One index at a time with a turn of the event loop in between: the service answers the grid on
  // this thread, and the seven builds of a large store would otherwise hold it for all of them.
  return async () => {
    for (const index of indexes) {
      createIndexes(db, [index], IMPORT_SORT);
      await nextTurn();
    }
  };
}

/** Drops those of the events table's indexes (as the migrations name them) the store holds. */
function dropEventIndexes(db: WritableDb): { name: string; sql: string }[] {
  const indexes = missingEventIndexes(db, false);
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  return indexes;
}

/**
 * The events table's indexes as the migrations make them, those the store lacks (`missing`) or
 * holds. Only their names are read from the store; the SQL run is the migrations'.
 */
function missingEventIndexes(db: Db, missing: boolean): { name: string; sql: string }[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  const present = new Set(
    db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all(),
  );
  return expectedIndexes('events', version).filter((index) => present.has(index.name) !== missing);
}

function createIndexes(db: WritableDb, indexes: { name: string; sql: string }[], budget: SortBudget): void {
  const threads = db.pragma('threads', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`threads = ${Math.floor(budget.threads)}`);
  if (budget.cacheKiB !== undefined) db.pragma(`cache_size = -${Math.floor(budget.cacheKiB)}`);
  try {
    for (const index of indexes) db.exec(index.sql);
  } finally {
    db.pragma(`threads = ${threads}`);
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

/**
 * Inside the caller's transaction: drops the events table's filter indexes and records the
 * catching-up state (catchUp.ts) in the same commit, so no committed store lacks them unrecorded.
 */
export function beginCatchUp(db: WritableDb, by: string): void {
  if (readCatchUp(db)) return;
  dropEventIndexes(db);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    CATCH_UP_META_KEY,
    JSON.stringify({ since: new Date().toISOString(), by } satisfies CatchUpState),
  );
}

/**
 * Recreates the missing indexes and clears the recorded state, in one transaction of its own;
 * does nothing when no catch-up is recorded (another writer may have completed it). A crash
 * inside rolls back to the recorded state, which the next open for writing completes.
 */
export function completeCatchUp(db: WritableDb): boolean {
  if (!readCatchUp(db)) return false;
  db.exec('BEGIN IMMEDIATE');
  try {
    if (readCatchUp(db)) {
      createIndexes(db, missingEventIndexes(db, true), CATCH_UP_SORT);
      db.prepare('DELETE FROM meta WHERE key = ?').run(CATCH_UP_META_KEY);
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return true;
}
