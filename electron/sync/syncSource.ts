// Runs one source, or every source of a case, and records how each run ended.
import type { CheckpointSigner } from '../store/checkpoints';
import { openStore, type Db } from '../store/db';
import { SyncError } from './errors';
import { syncFolderSource, type FolderSyncTuning } from './folderSource';
import { syncHttpSource, type HttpSyncTuning } from './httpSource';
import { emptyReport, type SyncRunDetail } from './report';
import { findSource, getSource, listSources, recordRun, type SyncSourceConfig } from './sources';
import { envFileTokenVault, sourcePlaceFirst, type TokenVault } from './tokens';

export interface SyncOptions {
  signer: CheckpointSigner;
  /** The app's tokens, for sources that name no environment variable or file (those are read there). */
  vault?: TokenVault;
  signal?: AbortSignal;
  /** Called after each page or file with the run so far. */
  onProgress?: (report: SyncRunDetail) => void;
  http?: HttpSyncTuning;
  folder?: FolderSyncTuning;
  /**
   * Throws unless this installation confirmed the source as it is now (the doors pass
   * SourceConfirmations.assertConfirmed): a case file must not decide where a token is sent.
   */
  confirmed?: (source: SyncSourceConfig) => void;
}

/** Syncs the named source. Faults of the source end up in the report; an unknown name throws. */
export async function syncSource(store: string | Db, name: string, options: SyncOptions): Promise<SyncRunDetail> {
  return withDb(store, (db) => runSource(db, getSource(db, name), options));
}

/** Syncs every source of the case, one after another. */
export async function syncAll(store: string | Db, options: SyncOptions): Promise<SyncRunDetail[]> {
  return withDb(store, async (db) => {
    const reports: SyncRunDetail[] = [];
    for (const source of listSources(db)) {
      if (options.signal?.aborted) break;
      reports.push(await runSource(db, source, options));
    }
    return reports;
  });
}

async function withDb<T>(store: string | Db, fn: (db: Db) => Promise<T>): Promise<T> {
  if (typeof store !== 'string') return fn(store);
  const db = openStore(store);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** The source's environment variable or 0600 file; without either, the app's vault when one is given. */
export function defaultVault(db: Db, appVault?: TokenVault): TokenVault {
  const lookup = (name: string) => {
    const source = findSource(db, name);
    return source ? { tokenEnv: source.tokenEnv, tokenFile: source.tokenFile } : null;
  };
  return appVault ? sourcePlaceFirst(lookup, appVault) : envFileTokenVault(lookup);
}

async function runSource(db: Db, source: SyncSourceConfig, options: SyncOptions): Promise<SyncRunDetail> {
  const started = performance.now();
  const report = emptyReport(source.name, source.kind, source.cursor);
  try {
    options.confirmed?.(source);
    if (source.kind === 'http') {
      await syncHttpSource(
        db,
        source,
        options.http ?? {},
        {
          signer: options.signer,
          vault: defaultVault(db, options.vault),
          signal: options.signal,
          onPage: options.onProgress,
        },
        report,
      );
    } else {
      await syncFolderSource(
        db,
        source,
        options.folder ?? {},
        { signer: options.signer, signal: options.signal, onFile: options.onProgress },
        report,
      );
    }
    if (report.rejected.length > 0) {
      report.errorKind = 'malformed';
      report.error = `${report.rejected.length} file${report.rejected.length === 1 ? ' was' : 's were'} refused and will not be tried again until changed: ${report.rejected.map((r) => r.message).join('; ')}`;
    }
  } catch (err) {
    const e = err as Error;
    if (err instanceof SyncError) report.errorKind = err.kind;
    else if (e.name === 'ImportCancelledError') report.errorKind = 'cancelled';
    else report.errorKind = 'store';
    report.error = e.message;
  }
  report.durationMs = Math.round(performance.now() - started);
  recordRun(db, source.name, report.appended, report.error);
  return report;
}
