// The `imports` table: the chain-of-custody record of every file, sync page or demo case appended.
import type { Db, WritableDb } from './db';

export interface ImportStart {
  kind: 'file' | 'sync' | 'demo';
  /** File path, URL or source name. */
  source: string;
  format: string;
  importedBy: string;
  signtrailVersion: string;
}

export interface ImportOutcome {
  fileSize: number | null;
  fileSha256: string | null;
  assumedTz: string | null;
  received: number;
  appended: number;
  duplicates: number;
  conflicts: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** JSON text (sync cursors, conflicts), or null. */
  detail: string | null;
}

/** Records that an import started (inside the caller's write transaction); returns its id. */
export function recordImportStart(db: WritableDb, start: ImportStart): number {
  const result = db
    .prepare(
      `INSERT INTO imports (kind, source, format, received, appended, duplicates, conflicts, imported_by, imported_at,
         signtrail_version) VALUES (?, ?, ?, 0, 0, 0, 0, ?, ?, ?)`,
    )
    .run(start.kind, start.source, start.format, start.importedBy, new Date().toISOString(), start.signtrailVersion);
  return Number(result.lastInsertRowid);
}

/** Records what an import read and appended, before its transaction commits. */
export function recordImportOutcome(db: WritableDb, importId: number, outcome: ImportOutcome): void {
  db.prepare(
    `UPDATE imports SET file_size = ?, file_sha256 = ?, assumed_tz = ?, received = ?, appended = ?, duplicates = ?,
       conflicts = ?, first_seq = ?, last_seq = ?, detail = ? WHERE id = ?`,
  ).run(
    outcome.fileSize,
    outcome.fileSha256,
    outcome.assumedTz,
    outcome.received,
    outcome.appended,
    outcome.duplicates,
    outcome.conflicts,
    outcome.firstSeq,
    outcome.lastSeq,
    outcome.detail,
    importId,
  );
}

/** How many imports are not of kind `kind` (the demo refuses a store holding real evidence). */
export function countImportsNotOfKind(db: Db, kind: ImportStart['kind']): number {
  return (db.prepare('SELECT count(*) FROM imports WHERE kind <> ?').pluck().get(kind) as number) ?? 0;
}
