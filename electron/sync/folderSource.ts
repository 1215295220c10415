// Sync from a drop folder: every new or grown file once, known by the SHA-256 of its content.
// A file still being written (size or mtime moving) waits for a later run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db';
import type { CheckpointSigner } from '../store/checkpoints';
import { appendSource } from '../ingest/importer';
import { ImportError } from '../ingest/errors';
import { openEventFile } from '../ingest/reader';
import { openSealedCheck } from '../ingest/sealedVerify';
import { prepareBatches } from '../store/prepare';
import { rememberSyncFile, syncFileLookups } from '../store/syncSources';
import { SyncError } from './errors';
import { addTally, type SyncRunDetail } from './report';
import type { SyncSourceConfig } from './sources';

export interface FolderSyncTuning {
  /** Milliseconds between the two looks that tell a finished file from one still being written. */
  stableMs?: number;
  assumeTz?: string;
  /** Verifier keys trusted for sealed exports dropped in the folder. */
  trustedKeys?: string[];
}

export interface FolderSyncContext {
  signer: CheckpointSigner;
  signal?: AbortSignal;
  onFile?: (report: SyncRunDetail) => void;
}

const DEFAULT_STABLE_MS = 1000;
/** Companions of sealed exports and manifests (read with their export, not as events), partial downloads. */
const SKIPPED = /(\.checkpoint|\.key|\.manifest\.json|\.part|\.partial|\.tmp|\.crdownload|\.download)$/i;

interface Look {
  file: string;
  size: number;
  mtimeMs: number;
}

export async function syncFolderSource(
  db: Db,
  source: SyncSourceConfig,
  tuning: FolderSyncTuning,
  ctx: FolderSyncContext,
  report: SyncRunDetail,
): Promise<void> {
  const folder = source.location;
  const first = look(folder, source.name);
  const known = syncFileLookups(db);
  const fresh = first.filter((f) => !known.seenAt(source.name, f.file, f.size, Math.trunc(f.mtimeMs)));
  if (fresh.length === 0) return;
  await new Promise((resolve) => setTimeout(resolve, tuning.stableMs ?? DEFAULT_STABLE_MS));
  const second = new Map(look(folder, source.name).map((f) => [f.file, f]));
  for (const before of fresh) {
    if (ctx.signal?.aborted)
      throw new SyncError(
        'cancelled',
        `sync of folder source ${source.name} was cancelled; run it again to take the remaining files.`,
      );
    const after = second.get(before.file);
    if (!after) continue;
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      report.pending.push(before.file);
      continue;
    }
    const sha256 = await hashFile(before.file);
    if (known.seenContent(source.name, sha256)) continue;
    await importDroppedFile(db, source, before, tuning, ctx, report);
    ctx.onFile?.(report);
  }
}

/** Regular, visible files directly in the folder, in name order. */
function look(folder: string, sourceName: string): Look[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    throw new SyncError(
      'config',
      `cannot read the folder ${folder} of source ${sourceName}: ${(err as Error).message}.`,
    );
  }
  const files: Look[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isFile() || entry.name.startsWith('.') || SKIPPED.test(entry.name)) continue;
    const file = path.join(folder, entry.name);
    try {
      const info = fs.statSync(file);
      files.push({ file, size: info.size, mtimeMs: info.mtimeMs });
    } catch {
      // Removed between listing and stat: nothing to take.
    }
  }
  return files;
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function importDroppedFile(
  db: Db,
  source: SyncSourceConfig,
  file: Look,
  tuning: FolderSyncTuning,
  ctx: FolderSyncContext,
  report: SyncRunDetail,
): Promise<void> {
  try {
    const reader = await openEventFile(file.file, { assumeTz: tuning.assumeTz });
    // A sealed export is checked against the very bytes imported (read once), inside the transaction.
    const sealed =
      reader.format === 'sealed' ? openSealedCheck(file.file, tuning.trustedKeys ?? [], ctx.signer.verifierKey) : null;
    const prepared = prepareBatches(reader.batches());
    const { tally } = await appendSource(
      db,
      {
        kind: 'sync',
        source: source.name,
        format: reader.format,
        preparedBatches: sealed ? sealed.guard(prepared) : prepared,
        stats: reader.stats,
        detail: { folder: source.location, file: file.file },
        // The hash of what was read, recorded with its events: this content is never taken twice.
        beforeCommit: (tx, _tally, importId) => {
          const stats = reader.stats();
          rememberSyncFile(tx, {
            source: source.name,
            sha256: stats.sha256,
            path: file.file,
            size: stats.bytes,
            mtimeMs: Math.trunc(file.mtimeMs),
            importId,
            error: null,
          });
        },
      },
      { signer: ctx.signer, signal: ctx.signal },
    );
    addTally(report, tally);
    report.files++;
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    const sha256 = await hashFile(file.file).catch(() => null);
    report.rejected.push({ file: file.file, message: err.message });
    // Gone or unreadable now: reported, and looked at again next time.
    if (sha256 === null) return;
    rememberSyncFile(db, {
      source: source.name,
      sha256,
      path: file.file,
      size: file.size,
      mtimeMs: Math.trunc(file.mtimeMs),
      importId: null,
      error: err.message,
    });
  }
}
