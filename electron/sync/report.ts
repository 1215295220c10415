// What one sync run did, as the app and the CLI show it.
import type { SyncFailureKind as SharedFailureKind, SyncRunReport } from '../../shared/sync';
import type { AppendTally } from '../store/append';
import type { SyncFailureKind } from './errors';

/** The shared report is the whole report: the app shows what the CLI prints. */
export type SyncRunDetail = SyncRunReport;

// The failure kinds thrown here and the ones the contract names must stay the same set.
type Holds<T extends true> = T;
export type FailureKindsAgree = Holds<
  [SyncFailureKind, SharedFailureKind] extends [SharedFailureKind, SyncFailureKind] ? true : false
>;

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
