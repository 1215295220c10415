import path from 'node:path';
import type { AuditRecord } from '../../shared/event';
import { createAppender } from '../../electron/store/append';
import { openStore, type Db } from '../../electron/store/db';
import { tempDir } from './tmp';

/** A real store file holding these records, appended as one import without a checkpoint. */
export function storeWith(records: AuditRecord[], file = path.join(tempDir(), 'case.sqlite')): Db {
  const db = openStore(file);
  appendRecords(db, records);
  return db;
}

/** Appends these records to an open store as one more import, without a checkpoint. */
export function appendRecords(db: Db, records: AuditRecord[]): void {
  db.exec('BEGIN IMMEDIATE');
  const appender = createAppender(db, testImportRow(db));
  appender.add(records.map((record, i) => ({ record, line: i + 1 })));
  appender.finish();
  db.exec('COMMIT');
}

/** Records an import row for a test's appender (inside the caller's transaction); returns its id. */
export function testImportRow(db: Db): number {
  return Number(
    db
      .prepare(
        `INSERT INTO imports (kind, source, format, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
         VALUES ('file', 'test.ndjson', 'ndjson', 0, 0, 0, 0, 'test', '2026-01-01T00:00:00Z', 'test')`,
      )
      .run().lastInsertRowid,
  );
}
