// The keyword index agrees with the rows it indexes (integrity.md §6.5), so no event can be hidden
// from search. FTS5's integrity-check says whether; on failure the index is compared with a fresh
// index of the same rows, event by event, to say which.
import Database from 'better-sqlite3';
import type { Finding } from '../../shared/results';
import { SEARCH_COLUMNS, SEARCH_TEXT_SELECT, SEARCH_TOKENIZER } from '../store/searchText';

const MAX_LISTED = 100;

/** FTS5's own check; it is an INSERT, so a read-only connection borrows a writable one (it writes nothing). */
export type IndexOutcome = 'pass' | 'fail' | 'unknown';

export function runIntegrityCheck(db: Database.Database): IndexOutcome {
  let conn = db;
  if (db.readonly) {
    try {
      conn = new Database(db.name, { fileMustExist: true });
      conn.pragma('trusted_schema = OFF'); // the store's views and triggers are someone else's SQL
    } catch {
      return 'unknown';
    }
  }
  try {
    conn.prepare("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)").run();
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
  db: Database.Database,
  outcome: IndexOutcome = runIntegrityCheck(db),
  definitionsIntact = true,
): Finding[] {
  if (outcome === 'pass' && definitionsIntact) return [];
  // Without a check FTS5 could be trusted with, the event-by-event comparison below is the check.
  const seqs = locateIndexDifferences(db);
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

/**
 * Seqs whose indexed terms differ from a fresh index of the text code derives from the events
 * (columns, tokenizer and text all from code; nothing from the store's schema is run).
 */
function locateIndexDifferences(db: Database.Database): number[] {
  const list = SEARCH_COLUMNS.join(', ');
  try {
    db.exec(`
      CREATE VIRTUAL TABLE temp.verify_fts USING fts5(${list}, content='', tokenize=${SEARCH_TOKENIZER});
      INSERT INTO temp.verify_fts (rowid, ${list}) SELECT seq, ${list} FROM (${SEARCH_TEXT_SELECT});
      CREATE VIRTUAL TABLE temp.verify_have USING fts5vocab(main, 'events_fts', 'instance');
      CREATE VIRTUAL TABLE temp.verify_want USING fts5vocab(temp, 'verify_fts', 'instance');
    `);
    return db
      .prepare(
        `SELECT doc FROM (SELECT doc, term, col, offset FROM temp.verify_have
                          EXCEPT SELECT doc, term, col, offset FROM temp.verify_want)
         UNION
         SELECT doc FROM (SELECT doc, term, col, offset FROM temp.verify_want
                          EXCEPT SELECT doc, term, col, offset FROM temp.verify_have)
         ORDER BY doc LIMIT ${MAX_LISTED + 1}`,
      )
      .pluck()
      .all() as number[];
  } finally {
    db.exec(
      'DROP TABLE IF EXISTS temp.verify_have; DROP TABLE IF EXISTS temp.verify_want; DROP TABLE IF EXISTS temp.verify_fts;',
    );
  }
}
