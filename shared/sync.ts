// Sync sources as the app and the CLI show them. Tokens never appear here.
export interface SyncSourceView {
  name: string;
  kind: 'http' | 'folder';
  /** URL or folder path. */
  location: string;
  lastRunAt: string | null;
  lastAppended: number | null;
  lastError: string | null;
}

export interface SyncRunReport {
  source: string;
  appended: number;
  duplicates: number;
  conflicts: number;
  pages: number;
  files: number;
  cursor: string | null;
  error: string | null;
}
