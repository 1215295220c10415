// What an export reads: the rows a filter (or a selection) selects, as iterators over one read
// snapshot, and the CSV row shape (canon as text, leaf as hex) that costs half what Buffers do.
import Database from 'better-sqlite3';
import type { Db } from './db';
import { CSV_CELLS_COLUMNS, CSV_SOURCE_COLUMNS, type CsvCellsRow, type CsvSourceRow } from './eventColumns';
import type { WhereClause } from './query';

export { CSV_CELLS_COLUMNS, CSV_SOURCE_COLUMNS, type CsvCellsRow, type CsvSourceRow };

/** A clause narrowed to the selected seqs: one JSON parameter, however many (SQLite allows 32,766 variables). */
export function whereSeqsIn(where: WhereClause, seqs: readonly number[]): WhereClause {
  return {
    ...where,
    sql: `${where.sql ? where.sql + ' AND' : 'WHERE'} e.seq IN (SELECT value FROM json_each(?))`,
    params: [...where.params, JSON.stringify(seqs)],
  };
}

/** [lowest seq, highest seq] of the store (nulls when it is empty). */
export function eventSeqRange(db: Db): [number, number] {
  return db.prepare('SELECT min(seq), max(seq) FROM events').raw(true).get() as [number, number];
}

export function countExportRows(db: Db, where: WhereClause): number {
  return db
    .prepare(`SELECT count(*) FROM events e ${where.sql}`)
    .pluck()
    .get(...where.params) as number;
}

/** One event's columns one by one, for a row whose cells the export must quote or guard. */
export type CsvRowBySeq = (seq: number) => CsvSourceRow;

function csvRowBySeq(db: Db): CsvRowBySeq {
  const select = db.prepare(`SELECT ${CSV_SOURCE_COLUMNS} FROM events e WHERE e.seq = ?`).raw(true);
  return (seq) => {
    const row = select.get(seq) as CsvSourceRow | undefined;
    if (!row) throw new Error(`Event seq ${seq} is no longer in the store.`);
    return row;
  };
}

/** The CSV rows of a filter, in seq order, and the way to read one row's columns one by one. */
export function iterateCsvRows(
  db: Db,
  where: WhereClause,
): { rows: IterableIterator<CsvCellsRow>; bySeq: CsvRowBySeq } {
  const select = db.prepare(`SELECT ${CSV_CELLS_COLUMNS} FROM events e ${where.sql} ORDER BY e.seq`).raw(true);
  return { rows: select.iterate(...where.params) as IterableIterator<CsvCellsRow>, bySeq: csvRowBySeq(db) };
}

/** A SELECT of CSV_CELLS_COLUMNS for a filter whose last two parameters bound e.seq (inclusive). */
export function csvBlockSelect(where: WhereClause): string {
  return `SELECT ${CSV_CELLS_COLUMNS} FROM events e ${where.sql ? where.sql + ' AND' : 'WHERE'} e.seq BETWEEN ? AND ? ORDER BY e.seq`;
}

export interface CsvBlockReader {
  /** The rows of seq first..last (inclusive) that the filter selects, in seq order. */
  block(first: number, last: number): IterableIterator<CsvCellsRow>;
  /** One row's columns one by one, in the same read transaction. */
  bySeq: CsvRowBySeq;
  /** Ends the read transaction and closes the connection. */
  close(): void;
}

/**
 * A read-only connection of its own, in one read transaction, for a CSV worker thread: `select`
 * is csvBlockSelect()'s text (made in this module, never read from a store) and `params` its
 * filter's parameters.
 */
export function openCsvBlockReader(dbPath: string, select: string, params: readonly unknown[]): CsvBlockReader {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma('trusted_schema = OFF'); // the store's views and triggers are someone else's SQL
  try {
    // One pass in seq order reuses no page: a small cache keeps each worker's memory small.
    db.pragma('cache_size = -4096');
    db.exec('BEGIN');
    const statement = db.prepare(select).raw(true);
    return {
      block: (first, last) => statement.iterate(...params, first, last) as IterableIterator<CsvCellsRow>,
      bySeq: csvRowBySeq(db),
      close: () => {
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** seq and canon of every event up to `size` (a checkpoint's), for a sealed export. */
export function iterateSealedRows(db: Db, size: number): IterableIterator<{ seq: number; canon: Buffer }> {
  return db.prepare('SELECT seq, canon FROM events WHERE seq <= ? ORDER BY seq').iterate(size) as IterableIterator<{
    seq: number;
    canon: Buffer;
  }>;
}

/** seq, canon and leaf of a filter's rows, for the SIEM formats. */
export function iterateLeafRows(
  db: Db,
  where: WhereClause,
): IterableIterator<{ seq: number; canon: Buffer; leaf: Buffer }> {
  return db
    .prepare(`SELECT e.seq, e.canon, e.leaf FROM events e ${where.sql} ORDER BY e.seq`)
    .iterate(...where.params) as IterableIterator<{ seq: number; canon: Buffer; leaf: Buffer }>;
}

/** seq and canon of a filter's rows, for NDJSON. */
export function iterateCanonRows(db: Db, where: WhereClause): IterableIterator<{ seq: number; canon: Buffer }> {
  return db
    .prepare(`SELECT e.seq, e.canon FROM events e ${where.sql} ORDER BY e.seq`)
    .iterate(...where.params) as IterableIterator<{ seq: number; canon: Buffer }>;
}
