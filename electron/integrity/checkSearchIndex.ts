// The keyword index agrees with the rows it indexes (integrity.md §6.5), so no event can be hidden
// from search. FTS5's integrity-check says whether; on failure the index is compared with a fresh
// index of the same rows, event by event, to say which.
import type { Finding } from '../../shared/results';
import type { Db } from '../store/db';
import { openIndexCheckConnection, runSearchIndexIntegrityCheck, searchIndexDifferences } from '../store/verifyRows';

const MAX_LISTED = 100;

/** FTS5's own check; it is an INSERT, so a read-only connection borrows a writable one (it writes nothing). */
export type IndexOutcome = 'pass' | 'fail' | 'unknown';

export function runIntegrityCheck(db: Db): IndexOutcome {
  let conn = db;
  if (db.readonly) {
    try {
      conn = openIndexCheckConnection(db);
    } catch {
      return 'unknown';
    }
  }
  try {
    runSearchIndexIntegrityCheck(conn);
    return 'pass';
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (/CORRUPT/.test(code) || /malformed|corrupt/i.test((err as Error).message)) return 'fail';
    if (conn !== db && /READONLY|CANTOPEN|PERM|BUSY/.test(code)) return 'unknown';
    throw err;
  } finally {
    if (conn !== db) conn.close();
  }
}

/**
 * `outcome`: FTS5's check already run elsewhere (a worker thread); by default it is run here.
 * FTS5's check compares the index with the view stored in the file; it is believed only when
 * `definitionsIntact` (the view and the index are defined as the migrations define them). Otherwise
 * the index is compared, event by event, with the text code derives from the events.
 */
export function checkSearchIndex(
  db: Db,
  outcome: IndexOutcome = runIntegrityCheck(db),
  definitionsIntact = true,
): Finding[] {
  if (outcome === 'pass' && definitionsIntact) return [];
  // Without a check FTS5 could be trusted with, the event-by-event comparison below is the check.
  const seqs = searchIndexDifferences(db, MAX_LISTED + 1);
  if (seqs.length === 0) {
    if (outcome === 'unknown' || outcome === 'pass') return [];
    return [
      {
        kind: 'MODIFIED',
        seq: null,
        message:
          'The keyword search index fails its integrity check, though no single event could be named: some search results cannot be trusted until the index is rebuilt.',
      },
    ];
  }
  return seqs.slice(0, MAX_LISTED).map((seq) => ({
    kind: 'MODIFIED' as const,
    seq,
    message: `Event ${seq} is missing from, or different in, the keyword search index: a search would not find it as stored.`,
  }));
}
