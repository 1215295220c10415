// Issue 9, holes 1 and 2: a store's schema is someone else's SQL. Each test does the attack on a
// real store file and asserts the refusal.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, SchemaMismatchError } from '../../electron/store/db';
import { record } from '../helpers/records';
import { attacker, importText, ndjson, trustCase, verify, type TrustCase } from './trustCase';

let c: TrustCase | null = null;
afterEach(() => c?.service.close());

const counts = (storePath: string) => {
  const db = openStore(storePath, { readonly: true });
  try {
    return db
      .prepare('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM checkpoints) AS cps')
      .get();
  } finally {
    db.close();
  }
};

describe('hole 1: SQL from the case file never runs', () => {
  it('an index definition rewritten to ATTACH and fill another file: the import is refused naming the index, nothing outside is created', async () => {
    c = await trustCase(20);
    const outside = path.join(c.dir, 'other.db');
    const raw = attacker(c.storePath);
    raw.pragma('writable_schema = ON');
    raw
      .prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'events_ts'")
      .run(
        `CREATE INDEX events_ts ON events (ts); ATTACH '${outside}' AS p; CREATE TABLE p.t (x); INSERT INTO p.t VALUES (1)`,
      );
    raw.close();
    const before = counts(c.storePath);

    // Large enough to take the bulk path that used to re-run the index SQL read from the file.
    const big = Array.from({ length: 60_000 }, () => record());
    await expect(importText(c, 'big.ndjson', ndjson(big))).rejects.toThrow(
      /refused for writing: its schema differs.*index events_ts has a definition SignTrail's migrations did not make/,
    );
    expect(fs.existsSync(outside)).toBe(false);
    expect(counts(c.storePath)).toEqual(before);

    const report = await verify(c);
    expect(report.verdict).toBe('broken');
    expect(report.findings.filter((f) => f.kind === 'SCHEMA').map((f) => f.object)).toEqual(['index events_ts']);
    expect(fs.existsSync(outside)).toBe(false);
  }, 120_000);

  it('an added trigger and a dropped one are named; the store is refused for writing and opens with trusted_schema off', async () => {
    c = await trustCase(5);
    const raw = attacker(c.storePath);
    raw.exec(
      "DROP TRIGGER events_no_delete; CREATE TRIGGER spy AFTER INSERT ON events BEGIN INSERT INTO meta (key, value) VALUES ('x' || new.seq, 'y'); END;",
    );
    raw.close();
    let error: unknown;
    try {
      openStore(c.storePath);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as SchemaMismatchError).differences.map((d) => `${d.problem} ${d.object}`).sort()).toEqual([
      'missing trigger events_no_delete',
      'unexpected trigger spy',
    ]);
    const reader = openStore(c.storePath, { allowSchemaDifferences: true });
    expect(reader.pragma('trusted_schema', { simple: true })).toBe(0);
    reader.close();
    const report = await verify(c);
    expect(report.findings.filter((f) => f.kind === 'SCHEMA').map((f) => f.object)).toEqual([
      'trigger events_no_delete',
      'trigger spy',
    ]);
  });

  it('a store made by the migrations opens for writing with no difference', async () => {
    c = await trustCase(3);
    const db = openStore(c.storePath);
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
    db.close();
    expect((await verify(c)).verdict).toBe('intact');
  });
});

describe('hole 2: an event hidden from keyword search is found', () => {
  it('the search view redefined to skip an actor, index rebuilt from it: verify names the view and every hidden event', async () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      record(i % 4 === 1 ? { actor: { id: 'mallory@example.com', type: 'user' } } : {}),
    );
    c = await trustCase(0, records);
    const raw = attacker(c.storePath);
    const view = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_fts_source'").pluck().get() as string;
    raw.exec('DROP VIEW events_fts_source');
    raw.exec(`${view} WHERE actor_id <> 'mallory@example.com'`);
    raw.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
    // FTS5's own check now agrees with the changed view: that check alone would say intact.
    expect(() =>
      raw.prepare("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).not.toThrow();
    expect(raw.prepare("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'mallory'").pluck().get()).toBe(0);
    raw.close();

    const report = await verify(c);
    expect(report.verdict).toBe('broken');
    expect(report.findings.filter((f) => f.kind === 'SCHEMA').map((f) => f.object)).toEqual(['view events_fts_source']);
    expect(report.findings.filter((f) => f.kind === 'MODIFIED').map((f) => f.seq)).toEqual([2, 6, 10]);
    expect(report.firstBadSeq).toBe(2);
  });
});
