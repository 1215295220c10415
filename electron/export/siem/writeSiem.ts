// The SIEM exports: OCSF and ECS as NDJSON, CEF as lines. Streamed like the others, with the
// same atomic file and manifest; each line is built from the stored bytes of one event.
import { AtomicFile } from '../atomic-file';
import { buildManifest, writeManifest } from '../manifest';
import { pumpRows, withPartialFiles } from '../pump';
import type { ExportManifest, ExportOptions, RowSource } from '../rows';
import { toCef } from './cef';
import { siemEvent, type SiemRow } from './common';
import { toEcs } from './ecs';
import { toOcsf } from './ocsf';

export const SIEM_FORMATS = ['ocsf', 'ecs', 'cef'] as const;
export type SiemFormat = (typeof SIEM_FORMATS)[number];

export function isSiemFormat(format: string): format is SiemFormat {
  return (SIEM_FORMATS as readonly string[]).includes(format);
}

/** One output line, without its `\n`. */
export function siemLine(format: SiemFormat, row: SiemRow, productVersion: string): string {
  const e = siemEvent(row);
  switch (format) {
    case 'ocsf':
      return JSON.stringify(toOcsf(e, productVersion));
    case 'ecs':
      return JSON.stringify(toEcs(e));
    case 'cef':
      return toCef(e, productVersion);
  }
}

export async function exportSiem(
  rows: RowSource<SiemRow>,
  path: string,
  format: SiemFormat,
  opts: ExportOptions,
): Promise<ExportManifest> {
  const file = await AtomicFile.create(path);
  return withPartialFiles([file], async () => {
    const count = await pumpRows(
      rows,
      file,
      (row) => file.writeText(siemLine(format, row, opts.signtrailVersion) + '\n'),
      opts,
    );
    const manifest = buildManifest(path, format, await file.commit(), count, opts);
    await writeManifest(manifest);
    return manifest;
  });
}
