// Sync sources and sync runs as the app and the CLI show them. Tokens never appear here.
import type { ConflictReport } from './results';

export interface SyncSourceView {
  name: string;
  kind: 'http' | 'folder';
  /** URL or folder path. */
  location: string;
  lastRunAt: string | null;
  lastAppended: number | null;
  lastError: string | null;
  /** This installation confirmed the source as it is now; an unconfirmed source is never run. */
  confirmed?: boolean;
}

/** Why a sync run stopped early; each kind says what the user does next. */
export type SyncFailureKind = 'config' | 'auth' | 'network' | 'malformed' | 'tls' | 'cancelled' | 'store';

/** What one sync run of one source did. */
export interface SyncRunReport {
  source: string;
  kind: 'http' | 'folder';
  appended: number;
  duplicates: number;
  conflicts: number;
  pages: number;
  files: number;
  cursor: string | null;
  error: string | null;
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
