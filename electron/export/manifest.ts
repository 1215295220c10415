// `<file>.manifest.json` beside each export: what was exported, from which store state, by
// whom, and the SHA-256 that lets anyone check the file was not changed since.
import { currentUser } from '../currentUser';
import { resolve } from 'node:path';
import { companionFiles } from '../../shared/companionFiles';
import type { ExportManifest } from '../../shared/results';
import { AtomicFile } from './atomic-file';
import type { ExportOptions } from './rows';

export function manifestPath(exportPath: string): string {
  return companionFiles(exportPath).manifest;
}

export function buildManifest(
  file: string,
  format: ExportManifest['format'],
  sha256: string,
  rows: number,
  opts: ExportOptions,
): ExportManifest {
  return {
    file: resolve(file),
    format,
    sha256,
    rows,
    filter: opts.filter ?? {},
    checkpoint: opts.checkpoint
      ? { size: opts.checkpoint.size, rootB64: opts.checkpoint.rootB64, note: opts.checkpoint.note }
      : null,
    signtrailVersion: opts.signtrailVersion,
    exportedAt: (opts.now?.() ?? new Date()).toISOString(),
    exportedBy: opts.user ?? currentUser(),
  };
}

/** Written atomically too, after the export itself is in place. */
export async function writeManifest(manifest: ExportManifest, options: { overwrite?: boolean } = {}): Promise<void> {
  const file = await AtomicFile.create(manifestPath(manifest.file), options);
  try {
    file.writeText(JSON.stringify(manifest, null, 2) + '\n');
    await file.commit();
  } catch (err) {
    await file.discard();
    throw err;
  }
}
