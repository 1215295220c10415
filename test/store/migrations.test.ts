import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, getMeta } from '../../electron/store/db';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../electron/store/migrations/index';
import { createAppender } from '../../electron/store/append';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name").pluck().all() as string[]
  ).filter((n) => !n.startsWith('sqlite_') && !/^events_fts_(data|idx|docsize|config|content)$/.test(n));
}

describe('migrations', () => {
  it('are numbered 1, 2, 3... with NNNN-verb-noun names', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}-[a-z]+(-[a-z]+)+$`));
    });
  });

  it('0001-create-events creates the append-only event table and its records', () => {
    const db = new Database(path.join(tempDir(), 's.sqlite'));
    expect(migrate(db, 1)).toBe(1);
    expect(tables(db)).toEqual(['checkpoints', 'event_ids', 'events', 'imports', 'meta']);
    db.close();
  });

  it('0002-create-search-index adds the FTS5 index over a view of the stored bytes', () => {
    const db = new Database(path.join(tempDir(), 's.sqlite'));
    migrate(db, 1);
    expect(migrate(db, 2)).toBe(2);
    expect(tables(db)).toContain('events_fts');
    expect(tables(db)).toContain('events_fts_source');
    db.close();
  });

  it('tracks the version in PRAGMA user_version and applies nothing twice', () => {
    const file = path.join(tempDir(), 's.sqlite');
    const db = openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const storeId = getMeta(db, 'store_id');
    db.close();
    const again = openStore(file);
    expect(getMeta(again, 'store_id')).toBe(storeId);
    again.close();
  });

  it('refuses a store written by a newer SignTrail', () => {
    const file = path.join(tempDir(), 's.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.exec('CREATE TABLE x (a)');
    raw.close();
    expect(() => openStore(file)).toThrow(/newer SignTrail/);
  });

  it('refuses an SQLite file that is not a SignTrail store', () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE customers (name TEXT)');
    raw.close();
    expect(() => openStore(file)).toThrow(/not a SignTrail store/);
  });

  it('gives every store a unique origin for its checkpoints', () => {
    const dir = tempDir();
    const a = openStore(path.join(dir, 'a.sqlite'));
    const b = openStore(path.join(dir, 'b.sqlite'));
    expect(getMeta(a, 'origin')).toMatch(/^signtrail\/[0-9a-f-]{36}$/);
    expect(getMeta(a, 'origin')).not.toBe(getMeta(b, 'origin'));
    a.close();
    b.close();
  });
});

describe('0004-tune-search-index', () => {
  it('sets the keyword index to large segments on a store at schema 3, which keeps searching and checking as before', () => {
    const db = new Database(path.join(tempDir(), 's.sqlite'));
    migrate(db, 3);
    db.exec(`INSERT INTO imports (kind, source, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
             VALUES ('file', 'x', 0, 0, 0, 0, 't', 't', 't')`);
    db.transaction(() => {
      const appender = createAppender(db, 1);
      appender.add([{ record: record({ actor: { id: 'mallory', type: 'user' } }), line: 1 }]);
      appender.finish();
    })();
    expect(migrate(db, 4)).toBe(4);
    const config = Object.fromEntries(
      (db.prepare('SELECT k, v FROM events_fts_config').raw().all() as [string, unknown][]).map(([k, v]) => [k, v]),
    );
    expect(config).toMatchObject({ hashsize: 16777216, automerge: 16, crisismerge: 64 });
    expect(db.prepare("SELECT rowid FROM events_fts WHERE events_fts MATCH 'mallory'").pluck().all()).toEqual([1]);
    expect(() =>
      db.prepare("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).not.toThrow();
    db.close();
  });
});
