// What one sync run did, as the app and the CLI show it.
import type { ConflictReport } from '../../shared/results';
import type { SyncRunReport } from '../../shared/sync';
import type { AppendTally } from '../store/append';
import type { SyncFailureKind } from './errors';

/** SyncRunReport plus what a folder run leaves for later and why a run stopped. */
export interface SyncRunDetail extends SyncRunReport {
  kind: 'http' | 'folder';
  /** Why the run stopped early; null when it ran to the end. */
  errorKind: SyncFailureKind | null;
  /** Events received from the source (appended + duplicates + conflicts). */
  received: number;
  /** Folder files still being written: taken on a later run. */
  pending: string[];
  /** Folder files refused (the same content is not tried again). */
  rejected: { file: string; message: string }[];
  /** The first conflicts in full; `conflicts` counts them all. */
  conflictReports: ConflictReport[];
  /** Transient faults retried on the way. */
  retries: number;
  durationMs: number;
}

const MAX_CONFLICT_REPORTS = 100;

export function emptyReport(source: string, kind: 'http' | 'folder', cursor: string | null): SyncRunDetail {
  return {
    source,
    kind,
    appended: 0,
    duplicates: 0,
    conflicts: 0,
    pages: 0,
    files: 0,
    cursor,
    error: null,
    errorKind: null,
    received: 0,
    pending: [],
    rejected: [],
    conflictReports: [],
    retries: 0,
    durationMs: 0,
  };
}

export function addTally(report: SyncRunDetail, tally: AppendTally): void {
  report.received += tally.received;
  report.appended += tally.appended;
  report.duplicates += tally.duplicates;
  report.conflicts += tally.conflictCount;
  for (const c of tally.conflicts) {
    if (report.conflictReports.length >= MAX_CONFLICT_REPORTS) break;
    report.conflictReports.push(c);
  }
}
