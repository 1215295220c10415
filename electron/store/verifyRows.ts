// What verification reads from a store (integrity.md §6): the rows in seq order for the scan
// (raw iterators, so it stays fast), the stored checkpoints, and the keyword index against a fresh
// index of the text code derives. Every statement is SignTrail's own; nothing from the store is run.
import Database from 'better-sqlite3';
import type { Db } from './db';
import { JOINED_DERIVED_COLUMNS_SQL, storedColumnList } from './eventColumns';
import { SEARCH_COLUMNS, SEARCH_TEXT_SELECT, SEARCH_TOKENIZER } from './searchText';

/**
 * A read-only connection of a verify worker thread: `cacheKiB` for a scan (a run reads each page
 * once, but the Merkle blocks want room), none for FTS5's check.
 */
export function openVerifyReader(dbPath: string, cacheKiB?: number): Db {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma('trusted_schema = OFF'); // the store's views and triggers are someone else's SQL
  try {
    db.pragma('busy_timeout = 5000');
    if (cacheKiB !== undefined) db.pragma(`cache_size = -${Math.floor(cacheKiB)}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Rows numbered from 1 (history); a row below that is outside every scan. */
export function countHistoryRows(db: Db): number {
  return (db.prepare('SELECT count(*) FROM events WHERE seq >= 1').pluck().get() as number) ?? 0;
}

/** Seqs below 1, which no history holds. */
export function seqsBeforeHistory(db: Db): number[] {
  return db.prepare('SELECT seq FROM events WHERE seq < 1 ORDER BY seq').pluck().all() as number[];
}

export interface StoredCheckpointRow {
  id: number;
  size: number;
  root: Buffer;
  note: string;
}

/** Every checkpoint row, in id order. */
export function storedCheckpointRows(db: Db): StoredCheckpointRow[] {
  return db.prepare('SELECT id, size, root, note FROM checkpoints ORDER BY id').all() as StoredCheckpointRow[];
}

/**
 * The seq and stored chain of the row at 0-based position `position` (the one before a run starts).
 * `contiguous`: the rows are known to be seqs 1..n exactly (n rows from 1 on, none below, the
 * highest n), so the row at position p is seq p + 1, found by its key instead of walking p rows.
 */
export function eventRowAt(db: Db, position: number, contiguous = false): { seq: number; chain: Buffer } {
  const row = contiguous
    ? db.prepare('SELECT seq, chain FROM events WHERE seq = ?').get(position + 1)
    : db.prepare('SELECT seq, chain FROM events ORDER BY seq LIMIT 1 OFFSET ?').get(position);
  return row as { seq: number; chain: Buffer };
}

/** A STRICT table holds only TEXT in its TEXT columns, which the joined-columns comparison relies on. */
export function eventsTableIsStrict(db: Db): boolean {
  try {
    return (
      (db.prepare("SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = 'events'").pluck().get() ??
        0) === 1
    );
  } catch {
    return false;
  }
}

export interface ScanReads {
  /** One row read whole, with Buffers: [canon, leaf, ...derived columns in table order]. */
  rowBySeq(seq: number): unknown[];
  /**
   * Up to `rows` rows from seq `fromSeq` on, in seq order, as raw arrays:
   * [seq, canon as text, leaf hex, chain hex, derived columns joined (JOINED_DERIVED_COLUMNS_SQL)].
   * Without `fast` (a table that is not STRICT), text and joined columns are NULL.
   */
  rows(fromSeq: number, rows: number): IterableIterator<unknown[]>;
}

/** The statements of one scan, prepared once: strings only on the fast path (a Buffer per blob costs more than the rest). */
export function prepareScanReads(db: Db, fast: boolean): ScanReads {
  const rowBySeq = db.prepare(`SELECT canon, leaf, ${storedColumnList()} FROM events WHERE seq = ?`).raw(true);
  const statement = fast
    ? db
        .prepare(
          `SELECT seq, CAST(canon AS TEXT), lower(hex(leaf)), lower(hex(chain)), ${JOINED_DERIVED_COLUMNS_SQL}
             FROM events WHERE seq >= ? ORDER BY seq LIMIT ?`,
        )
        .raw(true)
    : db
        .prepare(
          `SELECT seq, NULL, lower(hex(leaf)), lower(hex(chain)), NULL FROM events WHERE seq >= ? ORDER BY seq LIMIT ?`,
        )
        .raw(true);
  return {
    rowBySeq: (seq) => rowBySeq.get(seq) as unknown[],
    rows: (fromSeq, rows) => statement.iterate(fromSeq, rows) as IterableIterator<unknown[]>,
  };
}

/** FTS5's own check of the keyword index; throws what SQLite throws (the caller classifies it). */
export function runSearchIndexIntegrityCheck(db: Db): void {
  db.prepare("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)").run();
}

/**
 * A writable connection to the same file for FTS5's check, which is an INSERT (it writes nothing),
 * when `db` is read-only. Throws when it cannot be opened.
 */
export function openIndexCheckConnection(db: Db): Db {
  const conn = new Database(db.name, { fileMustExist: true });
  conn.pragma('trusted_schema = OFF'); // the store's views and triggers are someone else's SQL
  return conn;
}

/**
 * Seqs (at most `limit`) whose indexed terms differ from a fresh index of the text code derives
 * from the events (columns, tokenizer and text all from code; nothing from the store's schema is run).
 */
export function searchIndexDifferences(db: Db, limit: number): number[] {
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
         ORDER BY doc LIMIT ${Math.floor(limit)}`,
      )
      .pluck()
      .all() as number[];
  } finally {
    db.exec(
      'DROP TABLE IF EXISTS temp.verify_have; DROP TABLE IF EXISTS temp.verify_want; DROP TABLE IF EXISTS temp.verify_fts;',
    );
  }
}

/**
 * The tables verification vouches for beyond the events' rows: what reports and views read through
 * their indexes. Names from code, never from the store.
 */
const INDEXED_TABLES = ['events', 'checkpoints', 'meta', 'journal', 'journal_events', 'journal_checkpoints'] as const;

export interface TableIndexProblem {
  table: string;
  message: string;
}

/**
 * SQLite's own check of each table above and its indexes (every row found in every index under the
 * same values, the entry counts equal, the pages well formed): its messages, at most 100 per table,
 * none when all agree. The report's figures are read through these indexes, not the rows verification hashes.
 */
export function tableIndexProblems(db: Db): TableIndexProblem[] {
  const problems: TableIndexProblem[] = [];
  for (const table of INDEXED_TABLES) {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table);
    if (!exists) continue;
    const lines = db.prepare(`PRAGMA integrity_check("${table}")`).pluck().all() as string[];
    for (const message of lines) if (message !== 'ok') problems.push({ table, message });
  }
  return problems;
}
