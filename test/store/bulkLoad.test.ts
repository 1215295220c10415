import { describe, expect, it } from 'vitest';
import { BULK_MIN_EVENTS, isBulkImport, suspendIndexes } from '../../electron/store/bulkLoad';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

const indexSql = (db: ReturnType<typeof storeWith>) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name").all();

describe('bulk loading', () => {
  it('treats an import as bulk only when it is large and at least as large as the store', () => {
    const db = storeWith([record(), record()]);
    expect(isBulkImport(db, 1_000_000)).toBe(false);
    expect(isBulkImport(db, BULK_MIN_EVENTS * 250)).toBe(true);
    db.close();
  });

  it('recreates exactly the indexes it dropped', () => {
    const db = storeWith([record(), record()]);
    const before = indexSql(db);
    expect(before.length).toBeGreaterThanOrEqual(7);
    db.exec('BEGIN');
    const restore = suspendIndexes(db);
    expect(indexSql(db)).toEqual([]);
    restore();
    db.exec('COMMIT');
    expect(indexSql(db)).toEqual(before);
    db.close();
  });

  it('keeps the indexes when the import rolls back', () => {
    const db = storeWith([record()]);
    const before = indexSql(db);
    db.exec('BEGIN');
    suspendIndexes(db);
    db.exec('ROLLBACK');
    expect(indexSql(db)).toEqual(before);
    db.close();
  });
});
