// The keyword index agrees with the rows it indexes (integrity.md §6.5), so no event can be hidden
// from search. FTS5's integrity-check says whether; on failure the index is compared with a fresh
// index of the same rows, event by event, to say which.
import Database from 'better-sqlite3';
import type { Finding } from '../../shared/results';

const MAX_LISTED = 100;

/** FTS5's own check; it is an INSERT, so a read-only connection borrows a writable one (it writes nothing). */
export type IndexOutcome = 'pass' | 'fail' | 'unknown';

export function runIntegrityCheck(db: Database.Database): IndexOutcome {
  let conn = db;
  if (db.readonly) {
    try {
      conn = new Database(db.name, { fileMustExist: true });
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

/** `outcome`: FTS5's check already run elsewhere (a worker thread); by default it is run here. */
export function checkSearchIndex(db: Database.Database, outcome: IndexOutcome = runIntegrityCheck(db)): Finding[] {
  if (outcome === 'pass') return [];
  // Without FTS5's check, the event-by-event comparison below is the check.
  const seqs = locateIndexDifferences(db);
  if (seqs.length === 0) {
    if (outcome === 'unknown') return [];
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

/** Seqs whose indexed terms differ from a fresh index of the same view. Runs only on failure. */
function locateIndexDifferences(db: Database.Database): number[] {
  const columns = db.prepare("SELECT name FROM pragma_table_info('events_fts')").pluck().all() as string[];
  const list = columns.join(', ');
  const tokenizer = (
    db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").pluck().get() as string
  ).match(/tokenize\s*=\s*('[^']*')/i)?.[1];
  try {
    db.exec(`
      CREATE VIRTUAL TABLE temp.verify_fts USING fts5(${list}, content=''${tokenizer ? `, tokenize=${tokenizer}` : ''});
      INSERT INTO temp.verify_fts (rowid, ${list}) SELECT seq, ${list} FROM events_fts_source;
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
