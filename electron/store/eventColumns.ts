// The one definition of the events table's columns. The INSERT, the SELECT lists (query rows,
// export rows, the verify scan), the row types and the prepared tuple are derived from it; a test
// reads the table back (PRAGMA table_info on a real file) and compares.
import { tsTextSql, type Micros } from './timeMicros';

/**
 * The columns derived from an event's record, in table order. `nullable` columns hold NULL when
 * the record has no such value; the `time` column holds INTEGER microseconds since 1970
 * (timeMicros.ts) and is read back as the record's text. The prepared tuple carries them at
 * PREPARED_DERIVED_FIRST onwards.
 */
export const DERIVED_EVENT_COLUMNS = [
  { name: 'event_id', nullable: false },
  { name: 'ts', nullable: false, time: true },
  { name: 'actor_id', nullable: false },
  { name: 'actor_type', nullable: false },
  { name: 'action', nullable: false },
  { name: 'category', nullable: false },
  { name: 'entity_type', nullable: false },
  { name: 'entity_id', nullable: false },
  { name: 'entity_name', nullable: true },
  { name: 'status', nullable: false },
  { name: 'request_id', nullable: true },
  { name: 'key_id', nullable: true },
] as const;

type DerivedColumn = (typeof DERIVED_EVENT_COLUMNS)[number];
export type DerivedColumnName = DerivedColumn['name'];
type ValueOf<C> = C extends { nullable: true } ? string | null : string;
/** What is written: the time column as its integer. */
type StoredValueOf<C> = C extends { time: true } ? Micros : ValueOf<C>;

/** The derived columns' values as written, a tuple in table order. */
type Values<T extends readonly unknown[]> = T extends readonly [infer C, ...infer Rest]
  ? [StoredValueOf<C>, ...Values<Rest>]
  : [];
export type DerivedValues = Values<typeof DERIVED_EVENT_COLUMNS>;

/** The seq and derived columns of a stored event as read (derivedColumnList: time as text), named as in the events table. */
export type EventColumns = { seq: number } & {
  [C in DerivedColumn as C['name']]: ValueOf<C>;
};

/** Every column of the events table, in table order. */
export const EVENT_TABLE_COLUMNS = [
  'seq',
  'canon',
  'leaf',
  'chain',
  ...DERIVED_EVENT_COLUMNS.map((c) => c.name),
  'import_id',
  'source_line',
] as const;

/** Position of the first derived column (the event ID) in a PreparedEvent tuple. */
export const PREPARED_DERIVED_FIRST = 3;

/** The INSERT of one event: every table column, in table order. */
export const INSERT_EVENT_SQL = `INSERT INTO events (${EVENT_TABLE_COLUMNS.join(', ')})
  VALUES (${EVENT_TABLE_COLUMNS.map(() => '?').join(', ')})`;

/** The name of the derived column that holds the event time (as an integer). */
export const TIME_COLUMN = DERIVED_EVENT_COLUMNS.find((c) => 'time' in c)!.name;

/**
 * One derived column as a reader wants it (the record's value), optionally qualified (`e.`): the
 * one place a column stored in another form is converted back (derivedColumnList, CSV_CELLS_SQL).
 * The time column is stored as INTEGER microseconds and read as its text, by SQLite (timeMicros.ts).
 */
function readColumn(c: DerivedColumn, qualifier: string): string {
  return 'time' in c ? tsTextSql(qualifier + c.name) : qualifier + c.name;
}

/**
 * The derived columns as a SELECT list, optionally qualified (`e.`), each read as the record says
 * it: the time column as its text (`… AS ts`), converted by SQLite at this edge.
 */
export function derivedColumnList(qualifier = ''): string {
  return DERIVED_EVENT_COLUMNS.map((c) =>
    'time' in c ? `${readColumn(c, qualifier)} AS ${c.name}` : readColumn(c, qualifier),
  ).join(', ');
}

/** The derived columns as stored, for verification: the time column's integer as decimal text (exact past 2^53). */
export function storedColumnList(qualifier = ''): string {
  return DERIVED_EVENT_COLUMNS.map((c) =>
    'time' in c ? `CAST(${qualifier + c.name} AS TEXT)` : qualifier + c.name,
  ).join(', ');
}

/** The columns a CSV export selects from `events e`, in CsvSourceRow order. */
export const CSV_SOURCE_COLUMNS = `e.seq, CAST(e.canon AS TEXT), lower(hex(e.leaf)), ${derivedColumnList('e.')}`;

/** The derived columns' values as read (derivedColumnList), a tuple in table order. */
type ReadValues<T extends readonly unknown[]> = T extends readonly [infer C, ...infer Rest]
  ? [ValueOf<C>, ...ReadValues<Rest>]
  : [];

/** A `.raw()` row of CSV_SOURCE_COLUMNS. */
export type CsvSourceRow = [seq: number, canon: string, leafHex: string, ...ReadValues<typeof DERIVED_EVENT_COLUMNS>];

/**
 * The derived columns as one text, in table order, joined by `,`, a NULL read as '' (as the CSV
 * writes it). One string per row instead of twelve: the export writes it as it is when it holds
 * exactly the twelve cells and none needs quoting or the formula guard (export/csv-line.ts).
 */
export const CSV_CELLS_SQL = DERIVED_EVENT_COLUMNS.map((c) =>
  c.nullable ? `ifnull(${readColumn(c, 'e.')}, '')` : readColumn(c, 'e.'),
).join(` || ',' || `);

/** The columns the CSV export reads per row, in CsvCellsRow order; CSV_SOURCE_COLUMNS for a row it must quote. */
export const CSV_CELLS_COLUMNS = `e.seq, ${CSV_CELLS_SQL}, CAST(e.canon AS TEXT), lower(hex(e.leaf))`;

/** A `.raw()` row of CSV_CELLS_COLUMNS (cells is NULL only when a NOT NULL column holds NULL). */
export type CsvCellsRow = [seq: number, cells: string | null, canon: string, leafHex: string];

/** The columns of a grid row or event detail (`events e`), RawRow's fields. */
export const ROW_COLUMNS = `e.seq, ${derivedColumnList('e.')}, e.import_id, e.source_line, e.canon,
  (SELECT source FROM imports WHERE id = e.import_id) AS source_file`;

/**
 * SQL for the derived columns as one text, joined by U+001F, so a scanned row costs one string
 * instead of twelve. Injective: NULLs read `!` and values `=value` in nullable columns, and a NULL
 * in a NOT NULL column makes the whole text NULL. Exact only for a STRICT table. The time column
 * reads as its integer's decimal digits.
 */
export const JOINED_DERIVED_COLUMNS_SQL = DERIVED_EVENT_COLUMNS.map((c) =>
  c.nullable ? `ifnull('=' || ${c.name}, '!')` : c.name,
).join(' || char(31) || ');
