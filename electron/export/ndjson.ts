// NDJSON export: the stored canon(e) bytes of each selected event, one per line, `\n` ended.
import { AtomicFile } from './atomic-file';
import { buildManifest, writeManifest } from './manifest';
import { pumpRows, withPartialFiles } from './pump';
import type { CanonRow, ExportManifest, ExportOptions, RowSource } from './rows';

const NEWLINE = Buffer.from('\n');

export function writeCanonLine(file: AtomicFile, row: CanonRow): void {
  file.writeBytes(row.canon);
  file.writeBytes(NEWLINE);
}

export async function exportNdjson(
  rows: RowSource<CanonRow>,
  path: string,
  opts: ExportOptions,
): Promise<ExportManifest> {
  const file = await AtomicFile.create(path);
  return withPartialFiles([file], async () => {
    const count = await pumpRows(rows, file, (row) => writeCanonLine(file, row), opts);
    const manifest = buildManifest(path, 'ndjson', await file.commit(), count, opts);
    await writeManifest(manifest);
    return manifest;
  });
}
