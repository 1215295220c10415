// A case file is hostile input: the schema check left out anything named like SQLite's own tables
// (sqlite_stat1, sqlite_sequence...), whatever it was. A file written straight into sqlite_master
// could hold a trigger under such a name; it passed the check and SQLite ran its SQL on SignTrail's
// own writes. Only the real tables, with the definition SQLite gives them, are left out now.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, SchemaMismatchError } from '../../electron/store/db';
import { schemaDifferences } from '../../electron/store/schema';
import { tempDir } from '../helpers/tmp';

/** Writes a row into sqlite_master, as an attacker with the file in hand can (defensive mode off). */
function plant(file: string, type: string, name: string, tblName: string, sql: string): void {
  const raw = new Database(file);
  try {
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw
      .prepare('INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES (?, ?, ?, 0, ?)')
      .run(type, name, tblName, sql);
  } finally {
    raw.close();
  }
}

function newStore(): string {
  const file = path.join(tempDir(), 'case.sqlite');
  openStore(file).close();
  return file;
}

describe('objects under SQLite-reserved names in a case file', () => {
  it('refuses a trigger named sqlite_stat1, so its SQL never runs on our writes', () => {
    const file = newStore();
    plant(
      file,
      'trigger',
      'sqlite_stat1',
      'meta',
      "CREATE TRIGGER sqlite_stat1 AFTER INSERT ON meta BEGIN INSERT INTO meta (key, value) VALUES ('planted', new.key); END",
    );
    const raw = new Database(file, { readonly: true });
    try {
      expect(schemaDifferences(raw).map((d) => `${d.problem} ${d.object}`)).toEqual([
        'unexpected trigger sqlite_stat1',
      ]);
    } finally {
      raw.close();
    }
    expect(() => openStore(file)).toThrow(SchemaMismatchError);
  });

  it('refuses a view named sqlite_sequence and a sqlite_stat1 table with another definition', () => {
    const file = newStore();
    plant(
      file,
      'view',
      'sqlite_sequence',
      'sqlite_sequence',
      'CREATE VIEW sqlite_sequence AS SELECT 1 AS name, 2 AS seq',
    );
    const raw = new Database(file);
    try {
      raw.unsafeMode(true);
      raw.exec('CREATE TABLE x(a); CREATE INDEX xa ON x(a); INSERT INTO x VALUES (1); ANALYZE; DROP TABLE x;');
      raw.pragma('writable_schema = ON');
      raw
        .prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'sqlite_stat1'")
        .run('CREATE TABLE sqlite_stat1(tbl,idx,stat,extra DEFAULT (randomblob(9)))');
    } finally {
      raw.close();
    }
    const check = new Database(file, { readonly: true });
    try {
      expect(
        schemaDifferences(check)
          .map((d) => `${d.problem} ${d.object}`)
          .sort(),
      ).toEqual(['unexpected table sqlite_stat1', 'unexpected view sqlite_sequence']);
    } finally {
      check.close();
    }
  });

  it('still accepts the statistics table ANALYZE itself makes', () => {
    const file = newStore();
    const raw = new Database(file);
    raw.exec('ANALYZE');
    expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").pluck().get()).toBe(1);
    raw.close();
    const db = openStore(file);
    try {
      expect(schemaDifferences(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
