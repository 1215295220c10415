import { describe, expect, it, vi } from 'vitest';
import {
  beginCatchUp,
  BULK_MIN_EVENTS,
  CATCH_UP_SORT,
  completeCatchUp,
  isBulkImport,
  suspendIndexes,
} from '../../electron/store/bulkLoad';
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

  it('recreates exactly the indexes it dropped, one at a time with a turn of the event loop between', async () => {
    const db = storeWith([record(), record()]);
    const before = indexSql(db);
    expect(before.length).toBeGreaterThanOrEqual(7);
    db.exec('BEGIN');
    const restore = suspendIndexes(db);
    expect(indexSql(db)).toEqual([]);
    // What a request answered on this thread in between would see (same connection, same transaction).
    const seen: number[] = [];
    const watch = () => {
      seen.push(indexSql(db).length);
      if (seen.at(-1)! < before.length) setImmediate(watch);
    };
    setImmediate(watch);
    await restore();
    expect(seen.slice(0, before.length)).toEqual(before.map((_, i) => i + 1));
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

  it("builds a sync's catch-up indexes with the catch-up's sort budget, then gives the connection its own back", () => {
    const db = storeWith([record(), record(), record()]);
    const before = indexSql(db);
    db.pragma('cache_size = -16384');
    db.pragma('threads = 3');
    db.exec('BEGIN');
    beginCatchUp(db, 'sync of source test');
    db.exec('COMMIT');
    expect(indexSql(db)).toEqual([]);
    // What the connection is set to at the moment each index is created (a real store, real SQLite).
    const seen: { threads: number; cacheSize: number }[] = [];
    const exec = db.exec.bind(db);
    const spy = vi.spyOn(db, 'exec').mockImplementation((sql: string) => {
      if (/^\s*CREATE INDEX/i.test(sql))
        seen.push({
          threads: db.pragma('threads', { simple: true }) as number,
          cacheSize: db.pragma('cache_size', { simple: true }) as number,
        });
      return exec(sql);
    });
    expect(completeCatchUp(db)).toBe(true);
    spy.mockRestore();
    expect(seen).toHaveLength(before.length);
    expect(CATCH_UP_SORT).toEqual({ threads: 0, cacheKiB: 4096 });
    for (const s of seen) expect(s).toEqual({ threads: 0, cacheSize: -4096 });
    expect(indexSql(db)).toEqual(before);
    expect(db.pragma('threads', { simple: true })).toBe(3);
    expect(db.pragma('cache_size', { simple: true })).toBe(-16384);
    db.close();
  });
});
