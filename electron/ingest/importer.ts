// Import as one transaction: every event of a file (or sync page, or demo case) lands, or none does.
// Chain of custody: the source, its SHA-256, size, format and who imported it are recorded.
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CheckpointInfo, ImportSummary } from '../../shared/results';
import { currentUser } from '../currentUser';
import { SIGNTRAIL_VERSION } from '../version';
import { getMeta, type Db } from '../store/db';
import {
  createAppender,
  type Appender,
  type AppendTally,
  type IncomingEvent,
  type PreparedEvent,
} from '../store/append';
import { prepareBatches } from '../store/prepare';
import type { PackedEvents } from '../store/packedEvents';
import { beginCatchUp, estimateEvents, isBulkImport, suspendIndexes } from '../store/bulkLoad';
import { IdFilter } from '../store/idFilter';
import { sealCheckpoint, type CheckpointSigner } from '../store/checkpoints';
import { recordImportOutcome, recordImportStart } from '../store/imports';
import { inWriteTransaction } from '../store/transaction';
import { openPreparedFile } from './preparedReader';
import { openSealedCheck } from './sealedVerify';
import { ImportError } from './errors';

export interface ImportOptions {
  assumeTz?: string;
  signer: CheckpointSigner;
  /** Verifier keys trusted for sealed imports besides this installation's own. */
  trustedKeys?: string[];
  signal?: AbortSignal;
  onProgress?: (received: number) => void;
}

export class ImportCancelledError extends Error {
  override name = 'ImportCancelledError';
}

export interface BatchSource {
  kind: 'file' | 'sync' | 'demo';
  /** File path, URL or source name. */
  source: string;
  format: string;
  batches?: AsyncIterable<readonly IncomingEvent[]> | Iterable<readonly IncomingEvent[]>;
  /** Events already prepared for appending (by the import worker, or packed by the sync's page worker); used instead of `batches`. */
  preparedBatches?: AsyncIterable<readonly PreparedEvent[] | PackedEvents>;
  /** Read after the batches are consumed. */
  stats?: () => { bytes: number; sha256: string; assumedTimeZone: string | null };
  /** Extra chain-of-custody detail kept with the import row (sync cursors). */
  detail?: Record<string, unknown>;
  /** Size of the source in bytes when known before reading: large imports rebuild indexes once. */
  sizeHint?: number;
  /** Every ID hash in the store (see IdFilter); a bulk import builds its own. */
  idFilter?: IdFilter;
  /** Runs inside the transaction after the events, before commit (sync stores its cursor here). */
  beforeCommit?: (db: Db, tally: AppendTally, importId: number) => void;
}

export interface AppendResult {
  importId: number;
  tally: AppendTally;
  stats: { bytes: number; sha256: string; assumedTimeZone: string | null } | null;
}

/**
 * Appends a source's events in one transaction, records the import and seals a checkpoint when
 * anything was appended. Any error or cancellation rolls back: the store is exactly as before.
 */
export async function appendSource(
  db: Db,
  src: BatchSource,
  options: Pick<ImportOptions, 'signer' | 'signal' | 'onProgress'>,
): Promise<AppendResult> {
  const [result] = await appendParts(db, [src], options);
  return result;
}

/**
 * Appends several sources in one transaction, each recorded as its own import (a sync commits a
 * few pages at a time this way), and seals one checkpoint at the end when anything was appended.
 * Any error or cancellation rolls back every part: the store is exactly as before.
 */
export async function appendParts(
  db: Db,
  parts: AsyncIterable<BatchSource> | Iterable<BatchSource>,
  options: Pick<ImportOptions, 'signer' | 'signal' | 'onProgress'> & {
    /**
     * A sync run on the bulk path: the filter indexes are dropped in this transaction (if not
     * already) with the catching-up state recorded, named after this source; the run's end
     * recreates them (store/bulkLoad.ts completeCatchUp).
     */
    catchUpFor?: string;
  },
): Promise<AppendResult[]> {
  const { results, signed } = await inWriteTransaction(db, async () => {
    const results: AppendResult[] = [];
    let appender: Appender | null = null;
    let restoreIndexes: (() => Promise<void>) | null = null;
    for await (const src of parts) {
      const importId = recordImportStart(db, {
        kind: src.kind,
        source: src.source,
        format: src.format,
        importedBy: currentUser(),
        signtrailVersion: SIGNTRAIL_VERSION,
      });
      if (!appender) {
        const bulk = src.sizeHint !== undefined && isBulkImport(db, src.sizeHint);
        if (options.catchUpFor !== undefined) beginCatchUp(db, options.catchUpFor);
        else restoreIndexes = bulk ? suspendIndexes(db) : null;
        // A bulk import reads at least as many events as the store holds: the filter costs less than it saves.
        const idFilter = src.idFilter ?? (bulk ? IdFilter.ofStore(db, estimateEvents(src.sizeHint!)) : undefined);
        appender = createAppender(db, importId, idFilter, {
          verifierKey: options.signer.verifierKey,
          witness: options.signer.witness,
        });
      } else appender.switchImport(importId);
      const before = { ...appender.tally, conflicts: appender.tally.conflicts.length };
      for await (const batch of src.preparedBatches ?? prepareBatches(src.batches ?? [])) {
        if (options.signal?.aborted) {
          throw new ImportCancelledError(`Import of ${src.source} was cancelled; nothing from it was stored.`);
        }
        appender.addPrepared(batch);
        options.onProgress?.(appender.tally.received);
        // Let the thread's other work in between batches: the service answers the grid on this
        // thread, and batches already waiting would otherwise follow one another without a turn
        // of the event loop (a 1M-event import left a page request waiting seconds; performance.md).
        await nextTurn();
      }
      const tally = partTally(appender.tally, before);
      const stats = src.stats?.() ?? null;
      const detail = { ...src.detail, ...(tally.conflicts.length ? { conflicts: tally.conflicts } : {}) };
      recordImportOutcome(db, importId, {
        fileSize: stats?.bytes ?? null,
        fileSha256: stats?.sha256 ?? null,
        assumedTz: stats?.assumedTimeZone ?? null,
        received: tally.received,
        appended: tally.appended,
        duplicates: tally.duplicates,
        conflicts: tally.conflictCount,
        firstSeq: tally.firstSeq,
        lastSeq: tally.lastSeq,
        detail: Object.keys(detail).length ? JSON.stringify(detail) : null,
      });
      src.beforeCommit?.(db, tally, importId);
      results.push({ importId, tally, stats });
    }
    let signed: CheckpointInfo | null = null;
    if (appender) {
      appender.finish();
      await restoreIndexes?.();
      if (appender.tally.appended > 0) signed = sealCheckpoint(db, options.signer, appender.frontier);
    }
    return { results, signed };
  });
  // Witnessed once it is committed: the installation's record never runs ahead of the store.
  if (signed)
    options.signer.witness?.record(getMeta(db, 'origin') ?? '', signed.size, Buffer.from(signed.rootB64, 'base64'));
  return results;
}

/** What one part added, from the appender's running tally and the tally before the part. */
function partTally(now: AppendTally, before: Omit<AppendTally, 'conflicts'> & { conflicts: number }): AppendTally {
  const appended = now.appended - before.appended;
  return {
    received: now.received - before.received,
    appended,
    duplicates: now.duplicates - before.duplicates,
    conflicts: now.conflicts.slice(before.conflicts),
    conflictCount: now.conflictCount - before.conflictCount,
    firstSeq: appended > 0 ? now.lastSeq! - appended + 1 : null,
    lastSeq: appended > 0 ? now.lastSeq : null,
  };
}

/**
 * Imports one file. A malformed file is refused whole: the summary's `rejected` says where and why,
 * and the store is exactly as before. I/O errors and cancellation throw, also leaving it untouched.
 */
export async function importFile(db: Db, file: string, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    file,
    format: 'csv',
    sha256: '',
    bytes: 0,
    received: 0,
    appended: 0,
    duplicates: 0,
    conflicts: [],
    assumedTimeZone: null,
    firstSeq: null,
    lastSeq: null,
    importId: null,
    rejected: null,
  };
  try {
    const reader = await openPreparedFile(file, { assumeTz: options.assumeTz });
    let result: AppendResult;
    try {
      summary.format = reader.format;
      // A sealed export is checked against the very bytes imported, not read twice.
      const sealed =
        reader.format === 'sealed'
          ? openSealedCheck(file, options.trustedKeys ?? [], options.signer.verifierKey)
          : null;
      result = await appendSource(
        db,
        {
          kind: 'file',
          source: path.resolve(file),
          format: reader.format,
          preparedBatches: sealed ? sealed.guard(reader.batches()) : reader.batches(),
          stats: reader.stats,
          sizeHint: (await fs.promises.stat(file)).size,
        },
        options,
      );
    } finally {
      await reader.close();
    }
    const { importId, tally, stats } = result;
    return {
      ...summary,
      sha256: stats?.sha256 ?? '',
      bytes: stats?.bytes ?? 0,
      received: tally.received,
      appended: tally.appended,
      duplicates: tally.duplicates,
      conflicts: tally.conflicts,
      assumedTimeZone: stats?.assumedTimeZone ?? null,
      firstSeq: tally.firstSeq,
      lastSeq: tally.lastSeq,
      importId,
    };
  } catch (err) {
    if (err instanceof ImportError) {
      summary.bytes = await fs.promises.stat(file).then(
        (st) => st.size,
        () => 0,
      );
      summary.rejected = { line: err.line ?? null, field: err.field ?? null, message: err.message };
      return summary;
    }
    throw err;
  }
}
