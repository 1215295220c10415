// One CSV record as text, from a row in the shapes the export reads it: canon as text and the
// leaf as hex straight from SQLite, which costs half what Buffers per row do (see csv-source.ts).
import { csvCell } from './csv-cell';
import { detailsText } from './details';
import type { ExportRow } from './rows';
import { CSV_SOURCE_COLUMNS, type CsvCellsRow, type CsvSourceRow } from '../store/exportRows';

export { CSV_SOURCE_COLUMNS, type CsvCellsRow, type CsvSourceRow };

export const CSV_LINE_END = '\r\n';

/** The record for one row, CRLF included. Details always starts with `{`: never guarded, always quoted. */
export function csvLine(r: CsvSourceRow): string {
  return (
    r[0] +
    ',' +
    csvCell(r[3]) +
    ',' +
    csvCell(r[4]) +
    ',' +
    csvCell(r[5]) +
    ',' +
    csvCell(r[6]) +
    ',' +
    csvCell(r[7]) +
    ',' +
    csvCell(r[8]) +
    ',' +
    csvCell(r[9]) +
    ',' +
    csvCell(r[10]) +
    ',' +
    csvCell(r[11] ?? '') +
    ',' +
    csvCell(r[12]) +
    ',' +
    csvCell(r[13] ?? '') +
    ',' +
    csvCell(r[14] ?? '') +
    ',"' +
    detailsText(r[1]).replaceAll('"', '""') +
    '",' +
    r[2] +
    CSV_LINE_END
  );
}

/**
 * The twelve derived cells as the store joined them (CSV_CELLS_SQL), when they can be written as
 * they are: exactly eleven commas (so no value holds one), no quote, CR or LF anywhere, and no cell
 * that starts with a formula trigger after any single quotes. Then each cell is what csvCell()
 * makes of it. Linear: the cells cannot overlap their separators.
 */
const CELL = `(?!'*[=+\\-@\\t])[^,"\\r\\n]*`;
const PLAIN_CELLS = new RegExp(`^(?:${CELL},){11}${CELL}$`);

/** The record for a row read as CSV_CELLS_COLUMNS, or null when its cells must be formatted one by one (csvLine). */
export function csvLineFromCells(r: CsvCellsRow): string | null {
  const cells = r[1];
  if (cells === null || !PLAIN_CELLS.test(cells)) return null;
  return r[0] + ',' + cells + ',"' + detailsText(r[2]).replaceAll('"', '""') + '",' + r[3] + CSV_LINE_END;
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The same row from an ExportRow object (tests, callers holding rows already). */
export function toCsvSourceRow(row: ExportRow): CsvSourceRow {
  return [
    row.seq,
    bufferOf(row.canon).toString('utf8'),
    bufferOf(row.leaf).toString('hex'),
    row.event_id,
    row.ts,
    row.actor_id,
    row.actor_type,
    row.action,
    row.category,
    row.entity_type,
    row.entity_id,
    row.entity_name,
    row.status,
    row.request_id,
    row.key_id,
  ];
}
