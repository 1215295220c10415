// CSV export of exactly the rows given (the caller's filter), streamed. Format in docs/export.md.
import { AtomicFile } from './atomic-file';
import { CSV_LINE_END, csvLine, toCsvSourceRow } from './csv-line';
import type { CsvPiece } from './csv-pieces';
import { buildManifest, writeManifest } from './manifest';
import { pumpRows, withPartialFiles } from './pump';
import type { ExportManifest, ExportOptions, ExportRow, RowSource } from './rows';

export { CSV_LINE_END };

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
export const CSV_HEADER = CSV_BOM + CSV_COLUMNS.join(',') + CSV_LINE_END;

export function writeCsvRow(file: AtomicFile, row: ExportRow): void {
  file.writeText(csvLine(toCsvSourceRow(row)));
}

/** Writes the file, then its manifest; `body` writes the records and returns their count. */
async function writeCsvFile(
  path: string,
  opts: ExportOptions,
  body: (file: AtomicFile) => Promise<number>,
): Promise<ExportManifest> {
  const file = await AtomicFile.create(path);
  return withPartialFiles([file], async () => {
    file.writeText(CSV_HEADER);
    const count = await body(file);
    const manifest = buildManifest(path, 'csv', await file.commit(), count, opts);
    await writeManifest(manifest);
    return manifest;
  });
}

export async function exportCsv(
  rows: RowSource<ExportRow>,
  path: string,
  opts: ExportOptions,
): Promise<ExportManifest> {
  return writeCsvFile(path, opts, (file) => pumpRows(rows, file, (row) => writeCsvRow(file, row), opts));
}

/**
 * CSV export of records already formatted into pieces, in order (see csv-pieces.ts and
 * csv-workers.ts). Each piece is awaited onto the disk queue, which is where cancel is seen.
 */
const PROGRESS_BYTES = 1 << 20;

export async function exportCsvPieces(
  pieces: Iterable<CsvPiece> | AsyncIterable<CsvPiece>,
  path: string,
  opts: ExportOptions,
): Promise<ExportManifest> {
  return writeCsvFile(path, opts, async (file) => {
    let done = 0;
    let unreported = 0;
    opts.signal?.throwIfAborted();
    for await (const piece of pieces) {
      file.writePiece(piece.bytes);
      done += piece.rows;
      await file.flush();
      opts.signal?.throwIfAborted();
      // Progress about every megabyte, as the row-at-a-time writer reports it, whatever the piece size.
      unreported += piece.bytes.length;
      if (unreported >= PROGRESS_BYTES) {
        unreported = 0;
        opts.onProgress?.(done);
      }
    }
    await file.flush();
    opts.signal?.throwIfAborted();
    opts.onProgress?.(done);
    return done;
  });
}
