import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../../electron/store/migrations/index';
import { createAppender } from '../../electron/store/append';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

it('0003-create-sync-sources adds the sync tables to a store at schema 2, keeping its events', () => {
  const db = new Database(path.join(tempDir(), 'case.sqlite'));
  expect(migrate(db, 2)).toBe(2);
  db.exec(`INSERT INTO imports (kind, source, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
           VALUES ('file', 'x', 0, 0, 0, 0, 't', 't', 't')`);
  db.transaction(() => {
    const appender = createAppender(db, 1);
    appender.add([{ record: record(), line: 1 }]);
    appender.finish();
  })();

  expect(migrate(db, 3)).toBe(3);
  expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
  expect(columns(db, 'sync_sources')).toEqual([
    'name',
    'kind',
    'location',
    'token_env',
    'token_file',
    'ca_file',
    'cursor',
    'created_at',
    'last_run_at',
    'last_appended',
    'last_error',
  ]);
  expect(columns(db, 'sync_files')).toEqual([
    'source',
    'sha256',
    'path',
    'size',
    'mtime_ms',
    'imported_at',
    'import_id',
    'error',
  ]);
  db.close();
});

it('the sync tables have no column that could hold a token, and refuse token settings on a folder source', () => {
  const db = new Database(path.join(tempDir(), 'case.sqlite'));
  migrate(db);
  expect(columns(db, 'sync_sources').filter((c) => c.startsWith('token'))).toEqual(['token_env', 'token_file']);
  const insert = db.prepare(
    `INSERT INTO sync_sources (name, kind, location, token_env, created_at) VALUES (?, ?, ?, ?, 't')`,
  );
  expect(() => insert.run('drop', 'folder', '/tmp/drop', 'TOKEN')).toThrow(/CHECK constraint failed/);
  expect(() => insert.run('api', 'ftp', 'ftp://x', null)).toThrow(/CHECK constraint failed/);
  insert.run('api', 'http', 'https://x/events', 'TOKEN');
  expect(() => insert.run('api', 'http', 'https://y/events', null)).toThrow(/UNIQUE constraint failed/);
  db.exec(
    `INSERT INTO sync_files (source, sha256, path, size, mtime_ms, imported_at) VALUES ('api', 'ab', '/f', 1, 1, 't')`,
  );
  expect(() =>
    db.exec(
      `INSERT INTO sync_files (source, sha256, path, size, mtime_ms, imported_at) VALUES ('api', 'ab', '/g', 1, 1, 't')`,
    ),
  ).toThrow(/UNIQUE constraint failed/);
  db.close();
});
