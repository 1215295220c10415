// CSV export of exactly the rows given (the caller's filter), streamed. Format in docs/export.md.
import { csvCell } from './csv-cell';
import { detailsJson, detailsRange } from './details';
import { AtomicFile } from './atomic-file';
import { buildManifest, writeManifest } from './manifest';
import { pumpRows, withPartialFiles } from './pump';
import type { ExportManifest, ExportOptions, ExportRow, RowSource } from './rows';

export const CSV_COLUMNS = [
  'Seq',
  'Event ID',
  'Timestamp',
  'Actor',
  'Actor Type',
  'Action',
  'Category',
  'Entity Type',
  'Entity ID',
  'Entity Name',
  'Status',
  'Request ID',
  'Key ID',
  'Details',
  'Leaf Hash',
] as const;

/** UTF-8 byte order mark: Excel reads the file as UTF-8 only with it. */
export const CSV_BOM = '\uFEFF';
export const CSV_LINE_END = '\r\n';

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Seq through Key ID, and the comma before Details. */
function leadingCells(row: ExportRow): string {
  return (
    row.seq +
    ',' +
    csvCell(row.event_id) +
    ',' +
    csvCell(row.ts) +
    ',' +
    csvCell(row.actor_id) +
    ',' +
    csvCell(row.actor_type) +
    ',' +
    csvCell(row.action) +
    ',' +
    csvCell(row.category) +
    ',' +
    csvCell(row.entity_type) +
    ',' +
    csvCell(row.entity_id) +
    ',' +
    csvCell(row.entity_name ?? '') +
    ',' +
    csvCell(row.status) +
    ',' +
    csvCell(row.request_id ?? '') +
    ',' +
    csvCell(row.key_id ?? '') +
    ','
  );
}

/** Copies JSON bytes into `out` as one quoted CSV field, doubling its quotes. */
function copyQuoted(source: Buffer, start: number, end: number, out: Buffer, offset: number): number {
  let o = offset;
  out[o++] = 0x22;
  for (let i = start; i < end; i++) {
    const c = source[i];
    out[o++] = c;
    if (c === 0x22) out[o++] = 0x22;
  }
  out[o++] = 0x22;
  return o;
}

export function writeCsvRow(file: AtomicFile, row: ExportRow): void {
  file.writeText(leadingCells(row));
  const canon = bufferOf(row.canon);
  // Details always starts with `{`, so the formula guard never applies; it is always quoted.
  const range = detailsRange(canon);
  if (range)
    file.writeWith(2 * (range.end - range.start) + 2, (out, at) => copyQuoted(canon, range.start, range.end, out, at));
  else file.writeText(csvCell(detailsJson(canon)));
  file.writeText(',' + bufferOf(row.leaf).toString('hex') + CSV_LINE_END);
}

export async function exportCsv(
  rows: RowSource<ExportRow>,
  path: string,
  opts: ExportOptions,
): Promise<ExportManifest> {
  const file = await AtomicFile.create(path);
  return withPartialFiles([file], async () => {
    file.writeText(CSV_BOM + CSV_COLUMNS.join(',') + CSV_LINE_END);
    const count = await pumpRows(rows, file, (row) => writeCsvRow(file, row), opts);
    const manifest = buildManifest(path, 'csv', await file.commit(), count, opts);
    await writeManifest(manifest);
    return manifest;
  });
}
