// Sealed export (integrity.md §7): FILE holds canon(e) of events 1..n in seq order, one per
// line; FILE.checkpoint the signed checkpoint of size n; FILE.key the verifier key. Only the
// whole store prefix 1..n can verify against a signed root, so filters do not apply.
import { AtomicFile } from './atomic-file';
import fs from 'node:fs';
import { companionFiles } from '../../shared/companionFiles';
import { buildManifest, manifestPath, writeManifest } from './manifest';
import { writeCanonLine } from './ndjson';
import { pumpRows, withPartialFiles } from './pump';
import type { CanonRow, CheckpointRef, ExportManifest, ExportOptions, RowSource } from './rows';

export interface SealedExportOptions extends Omit<ExportOptions, 'filter' | 'checkpoint'> {
  /** The checkpoint the export ends at: rows must be seq 1..checkpoint.size. */
  checkpoint: CheckpointRef;
  /** `<name>+<hex key ID>+<base64 key>`. */
  verifierKey: string;
}

export function sealedCompanionPaths(path: string): { checkpoint: string; key: string } {
  const { checkpoint, key } = companionFiles(path);
  return { checkpoint, key };
}

export async function exportSealed(
  rows: RowSource<CanonRow>,
  path: string,
  opts: SealedExportOptions,
): Promise<ExportManifest> {
  const companions = sealedCompanionPaths(path);
  // The user chose FILE (and agreed to replace it); its companions and manifest are never replaced.
  for (const other of [companions.checkpoint, companions.key, manifestPath(path)]) {
    if (fs.existsSync(other))
      throw new Error(
        `${other} already exists; a sealed export does not overwrite it. Move it away or export under another name.`,
      );
  }
  const events = await AtomicFile.create(path);
  const checkpoint = await AtomicFile.create(companions.checkpoint, { overwrite: false });
  const key = await AtomicFile.create(companions.key, { overwrite: false });
  return withPartialFiles([events, checkpoint, key], async () => {
    if (opts.checkpoint.note.split('\n')[1] !== String(opts.checkpoint.size)) {
      throw new Error(
        `The checkpoint note does not state size ${opts.checkpoint.size} on its second line; it cannot seal this export.`,
      );
    }
    let expected = 1;
    const count = await pumpRows(
      rows,
      events,
      (row) => {
        if (row.seq !== expected) {
          throw new Error(
            `A sealed export needs every event from seq 1 in order, but seq ${row.seq} came where seq ${expected} was expected. Export the whole store, without a filter.`,
          );
        }
        if (expected > opts.checkpoint.size) {
          throw new Error(
            `A sealed export ends at its checkpoint (size ${opts.checkpoint.size}), but seq ${row.seq} came after it. Select seq 1..${opts.checkpoint.size}.`,
          );
        }
        expected++;
        writeCanonLine(events, row);
      },
      opts,
    );
    if (count !== opts.checkpoint.size) {
      throw new Error(
        `The checkpoint covers ${opts.checkpoint.size} events but the store gave ${count}. Sign a checkpoint for the current store, then export again.`,
      );
    }
    checkpoint.writeText(opts.checkpoint.note.endsWith('\n') ? opts.checkpoint.note : opts.checkpoint.note + '\n');
    key.writeText(opts.verifierKey.trim() + '\n');
    const sha256 = await events.finish();
    await checkpoint.finish();
    await key.finish();
    // The events file goes last: once FILE exists, its companions are in place.
    await checkpoint.moveIntoPlace();
    await key.moveIntoPlace();
    await events.moveIntoPlace();
    const manifest = buildManifest(path, 'sealed', sha256, count, { ...opts, filter: {} });
    await writeManifest(manifest, { overwrite: false });
    return manifest;
  });
}
