// The `sync_sources` and `sync_files` tables: where a case syncs from (never a token), its
// cursor and last run, and the drop-folder files already taken (known by content hash).
import type { Db, WritableDb } from './db';

/** A row of `sync_sources`, columns named as in the table. */
export interface SyncSourceRow {
  name: string;
  kind: 'http' | 'folder';
  location: string;
  token_env: string | null;
  token_file: string | null;
  ca_file: string | null;
  cursor: string | null;
  last_run_at: string | null;
  last_appended: number | null;
  last_error: string | null;
}

export type NewSyncSourceRow = Pick<
  SyncSourceRow,
  'name' | 'kind' | 'location' | 'token_env' | 'token_file' | 'ca_file'
>;

export function insertSyncSource(db: WritableDb, row: NewSyncSourceRow): void {
  db.prepare(
    `INSERT INTO sync_sources (name, kind, location, token_env, token_file, ca_file, created_at)
     VALUES (@name, @kind, @location, @token_env, @token_file, @ca_file, @created_at)`,
  ).run({ ...row, created_at: new Date().toISOString() });
}

export function findSyncSourceRow(db: Db, name: string): SyncSourceRow | undefined {
  return db.prepare('SELECT * FROM sync_sources WHERE name = ?').get(name) as SyncSourceRow | undefined;
}

export function listSyncSourceRows(db: Db): SyncSourceRow[] {
  return db.prepare('SELECT * FROM sync_sources ORDER BY name').all() as SyncSourceRow[];
}

export function countSyncSources(db: Db): number {
  return db.prepare('SELECT count(*) FROM sync_sources').pluck().get() as number;
}

/** Forgets a source and the files it took, in one transaction; false when there was none. */
export function deleteSyncSource(db: WritableDb, name: string): boolean {
  return db.transaction(() => {
    db.prepare('DELETE FROM sync_files WHERE source = ?').run(name);
    return db.prepare('DELETE FROM sync_sources WHERE name = ?').run(name).changes > 0;
  })();
}

export function saveSyncCursor(db: WritableDb, name: string, cursor: string | null): void {
  db.prepare('UPDATE sync_sources SET cursor = ? WHERE name = ?').run(cursor, name);
}

export function recordSyncRun(db: WritableDb, name: string, appended: number, error: string | null): void {
  db.prepare('UPDATE sync_sources SET last_run_at = ?, last_appended = ?, last_error = ? WHERE name = ?').run(
    new Date().toISOString(),
    appended,
    error,
    name,
  );
}

export interface SyncFileRecord {
  source: string;
  sha256: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** The import that took it, or null when it was refused (`error` says why). */
  importId: number | null;
  error: string | null;
}

/** Remembers a drop-folder file by content; a content already remembered is left as it is. */
export function rememberSyncFile(db: WritableDb, file: SyncFileRecord): void {
  db.prepare(
    `INSERT INTO sync_files (source, sha256, path, size, mtime_ms, imported_at, import_id, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, sha256) DO NOTHING`,
  ).run(
    file.source,
    file.sha256,
    file.path,
    file.size,
    file.mtimeMs,
    new Date().toISOString(),
    file.importId,
    file.error,
  );
}

/** Lookups a folder sync makes per file, prepared once per run. */
export function syncFileLookups(db: Db): {
  /** A file at this path with this size and mtime was looked at before. */
  seenAt(source: string, path: string, size: number, mtimeMs: number): boolean;
  /** This content was taken (or refused) before, under any name. */
  seenContent(source: string, sha256: string): boolean;
} {
  const at = db.prepare('SELECT 1 FROM sync_files WHERE source = ? AND path = ? AND size = ? AND mtime_ms = ?').pluck();
  const content = db.prepare('SELECT 1 FROM sync_files WHERE source = ? AND sha256 = ?').pluck();
  return {
    seenAt: (source, path, size, mtimeMs) => at.get(source, path, size, mtimeMs) !== undefined,
    seenContent: (source, sha256) => content.get(source, sha256) !== undefined,
  };
}
