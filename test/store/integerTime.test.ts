// Issue 14, decision 1: event times stored as INTEGER microseconds (store/timeMicros.ts), and
// migration 0006 converting a store the migrations 0001-0005 made, with its text times, in place.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/event';
import { chainHash, ZERO_CHAIN } from '../../electron/integrity/hash';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { normalizeTimestamp } from '../../electron/ingest/timestamp';
import { createSigner, sealCheckpoint } from '../../electron/store/checkpoints';
import { indexForSearch } from '../../electron/store/append';
import { openStore } from '../../electron/store/db';
import { NOT_A_TIME } from '../../electron/store/migrations/0006-integer-time';
import { migrate } from '../../electron/store/migrations/index';
import { idHash, prepareEvent } from '../../electron/store/prepare';
import { getHistogram, queryEvents } from '../../electron/store/query';
import { schemaDifferences } from '../../electron/store/schema';
import { boundMicros, storeTimeDecimal, storeTimeMicros, tsTextSql } from '../../electron/store/timeMicros';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

const mem = new Database(':memory:');
/** SQLite's text for an integer given as exact decimal text. */
const sqlText = (decimal: string): string =>
  mem
    .prepare(`SELECT ${tsTextSql('x')} FROM (SELECT CAST(? AS INTEGER) AS x)`)
    .pluck()
    .get(decimal) as string;

/** Microseconds by BigInt arithmetic on Date.parse (exact for 1970-2255), independent of timeMicros. */
const viaDate = (ts: string): string =>
  String(BigInt(Date.parse(ts.slice(0, 19) + 'Z')) * 1000n + BigInt(ts.slice(20, 26)));

const utc = { zone: { wallToUtc: (ms: number) => ms }, onZoneAssumed: () => {} } as unknown as Parameters<
  typeof normalizeTimestamp
>[1];

describe('the integer time', () => {
  it('maps store times to integers and back exactly, across years 0000-9999 and past 2^53', () => {
    const edges = [
      '0000-01-01T00:00:00.000000Z',
      '0000-03-01T00:00:00.000001Z',
      '1600-02-29T12:00:00.000007Z',
      '1969-12-31T23:59:59.999999Z',
      '1970-01-01T00:00:00.000000Z',
      '1970-01-01T00:00:00.000001Z',
      '2024-02-29T23:59:59.999999Z',
      '2255-06-05T23:47:34.740992Z', // 2^53 µs
      '2255-06-05T23:47:34.740993Z', // 2^53 + 1: no JavaScript number holds it
      '9999-12-31T23:59:59.999999Z',
    ];
    expect(storeTimeDecimal('0000-01-01T00:00:00.000000Z')).toBe('-62167219200000000');
    expect(storeTimeDecimal('1969-12-31T23:59:59.999999Z')).toBe('-1');
    expect(storeTimeDecimal('2255-06-05T23:47:34.740992Z')).toBe(String(2n ** 53n));
    expect(storeTimeMicros('2255-06-05T23:47:34.740993Z')).toBe(2n ** 53n + 1n);
    expect(storeTimeDecimal('9999-12-31T23:59:59.999999Z')).toBe('253402300799999999');
    for (const ts of edges) expect(sqlText(storeTimeDecimal(ts)!), ts).toBe(ts);
    // A spread of instants: days of every month of many years, odd microseconds.
    for (let i = 0; i < 2000; i++) {
      const ms = -62_000_000_000_000 + i * 157_500_000_357;
      const ts =
        new Date(ms)
          .toISOString()
          .replace(/^\+0*(\d{4})/, '$1')
          .slice(0, 23) +
        String(i % 1000).padStart(3, '0') +
        'Z';
      if (!/^\d{4}-/.test(ts)) continue;
      const decimal = storeTimeDecimal(ts)!;
      expect(sqlText(decimal), ts).toBe(ts);
      if (ms >= 0 && ms < 9e12) expect(decimal, ts).toBe(viaDate(ts));
    }
  });

  it('refuses text that is not a store time', () => {
    for (const bad of ['2026-02-30T00:00:00.000000Z', '2026-01-01T00:00:00Z', '2026-01-01 00:00:00.000000Z', ''])
      expect(storeTimeDecimal(bad), bad).toBeNull();
  });

  it('maps the platforms time formats exactly: offsets, sub-microsecond digits (truncated at import), epoch numbers', () => {
    const cases: [unknown, string][] = [
      ['2026-03-02T11:01:00.123456789+02:00', '2026-03-02T09:01:00.123456Z'],
      ['2026-03-02 09:01:00.1234565-00:30', '2026-03-02T09:31:00.123456Z'],
      ['1969-12-31T23:59:59.9999995Z', '1969-12-31T23:59:59.999999Z'],
      ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.999999Z'],
      [1772442060123, '2026-03-02T09:01:00.123000Z'],
      ['1772442060123456', '2026-03-02T09:01:00.123456Z'],
      ['1772442060.5', '2026-03-02T09:01:00.500000Z'],
    ];
    for (const [source, text] of cases) {
      const canonical = normalizeTimestamp(source, utc);
      expect(canonical, String(source)).toBe(text);
      const decimal = storeTimeDecimal(canonical)!;
      expect(sqlText(decimal)).toBe(text);
      if (text.startsWith('2026')) expect(decimal).toBe(viaDate(text));
    }
  });

  it('rounds a filter bound up past the microsecond (ceil serves >= and <), down for <=', () => {
    expect(boundMicros('2026-03-02T09:01:00.0000005Z')).toBe(Number(viaDate('2026-03-02T09:01:00.000001Z')));
    expect(boundMicros('2026-03-02T09:01:00.0000005Z', 'floor')).toBe(Number(viaDate('2026-03-02T09:01:00.000000Z')));
    expect(boundMicros('2026-03-02T09:01:00.000000000Z')).toBe(Number(viaDate('2026-03-02T09:01:00.000000Z')));
    expect(boundMicros('2026-03-02T11:01:00.25+02:00')).toBe(Number(viaDate('2026-03-02T09:01:00.250000Z')));
    expect(boundMicros('2026-03-02T08:31:00-00:30')).toBe(Number(viaDate('2026-03-02T09:01:00.000000Z')));
    expect(boundMicros('1969-12-31T23:59:59.9999991Z')).toBe(0);
    expect(boundMicros('2026-03-02')).toBe(Number(viaDate('2026-03-02T00:00:00.000000Z')));
  });
});

describe('filters and order on the integer time', () => {
  it('keeps an event at .000000 out of from=.0000005 and in to=.0000005; ties in time go by seq', () => {
    const at = (ts: string, id: string): AuditRecord => ({ ...record(), id, timestamp: ts });
    const db = storeWith([
      at('2026-03-02T09:01:00.000001Z', 'b'),
      at('2026-03-02T09:01:00.000000Z', 'a1'),
      at('2026-03-02T09:01:00.000000Z', 'a2'),
      at('2026-03-02T09:00:59.999999Z', 'z'),
    ]);
    const page = (filter: object, dir: 'asc' | 'desc' = 'asc') =>
      queryEvents(db, { filter, sort: { field: 'timestamp', dir }, offset: 0, limit: 10 } as never).rows.map(
        (r) => `${r.id}@${r.timestamp}`,
      );
    expect(page({})).toEqual([
      'z@2026-03-02T09:00:59.999999Z',
      'a1@2026-03-02T09:01:00.000000Z',
      'a2@2026-03-02T09:01:00.000000Z',
      'b@2026-03-02T09:01:00.000001Z',
    ]);
    expect(page({}, 'desc').map((r) => r.split('@')[0])).toEqual(['b', 'a2', 'a1', 'z']);
    expect(page({ from: '2026-03-02T09:01:00.0000005Z' })).toEqual(['b@2026-03-02T09:01:00.000001Z']);
    expect(page({ to: '2026-03-02T09:01:00.0000005Z' }).map((r) => r.split('@')[0])).toEqual(['z', 'a1', 'a2']);
    expect(page({ from: '2026-03-02T11:01:00.000000+02:00', to: '2026-03-02T09:01:00.000001Z' })).toHaveLength(2);
    const buckets = getHistogram(db, {}, 10);
    expect(buckets.reduce((n, b) => n + b.SUCCESS, 0)).toBe(4);
    db.close();
  });
});

/**
 * A store as SignTrail made it before migration 0006, built with migrations 0001-0005 and filled
 * the way that code appended: the time column holds the record's text. Sealed by a checkpoint.
 */
function storeAtSchema5(records: AuditRecord[]): { file: string; home: string } {
  const dir = tempDir();
  const file = path.join(dir, 'old.sqlite');
  const home = path.join(dir, 'home');
  const db = new Database(file);
  migrate(db, 5);
  db.exec(`INSERT INTO meta (key, value) VALUES ('store_id', 's5'), ('origin', 'signtrail/s5'), ('created_at', 'x');
    INSERT INTO imports (kind, source, format, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
      VALUES ('file', 'old.ndjson', 'ndjson', 0, 0, 0, 0, 'test', '2026-01-01T00:00:00Z', 'old')`);
  const insert = db.prepare(
    `INSERT INTO events (seq, canon, leaf, chain, event_id, ts, actor_id, actor_type, action, category, entity_type,
       entity_id, entity_name, status, request_id, key_id, import_id, source_line) VALUES (${Array(18).fill('?').join(', ')})`,
  );
  let chain = ZERO_CHAIN;
  db.transaction(() => {
    records.forEach((r, i) => {
      const [canon, leaf, , id, , ...rest] = prepareEvent({ record: r, line: i + 1 });
      chain = chainHash(chain, Buffer.from(leaf));
      const columns = rest.slice(0, -1);
      insert.run(i + 1, canon, leaf, chain, id, r.timestamp, ...columns, 1, i + 1);
      db.prepare('INSERT INTO event_ids (id_hash, seq) VALUES (?, ?)').run(idHash(id), i + 1);
    });
    indexForSearch(db, 1, records.length);
    sealCheckpoint(db, createSigner(loadOrCreateSigningKey(home)));
  })();
  expect(schemaDifferences(db)).toEqual([]);
  expect(db.pragma('user_version', { simple: true })).toBe(5);
  db.close();
  return { file, home };
}

describe('migration 0006-integer-time', () => {
  const records = [
    ...Array.from({ length: 40 }, (_, i) => record({ minute: 40 - i })), // out of time order
    { ...record(), id: 'far', timestamp: '2255-06-05T23:47:34.740993Z' },
    { ...record(), id: 'early', timestamp: '0001-01-01T00:00:00.000001Z' },
    { ...record(), id: 'tie', timestamp: '2026-03-02T09:05:00.000000Z' },
  ];

  it('converts a store made by 0001-0005 in place: verify INTACT, same rows, times, order and keyword hits', async () => {
    const { file, home } = storeAtSchema5(records);
    const old = new Database(file, { readonly: true });
    const before = old.prepare('SELECT seq, ts, canon, leaf, chain FROM events ORDER BY ts, seq').all();
    const hitsBefore = old
      .prepare("SELECT rowid FROM events_fts WHERE events_fts MATCH 'alice' ORDER BY rowid")
      .pluck()
      .all();
    old.close();

    const db = openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
    expect(schemaDifferences(db)).toEqual([]);
    const after = db
      .prepare(`SELECT seq, ${tsTextSql('ts')} AS ts, canon, leaf, chain FROM events ORDER BY ts, seq`)
      .all();
    expect(after).toEqual(before);
    expect(db.prepare('SELECT typeof(ts) FROM events GROUP BY 1').pluck().all()).toEqual(['integer']);
    const hitsAfter = db
      .prepare("SELECT rowid FROM events_fts WHERE events_fts MATCH 'alice' ORDER BY rowid")
      .pluck()
      .all();
    expect(hitsAfter).toEqual(hitsBefore);
    const report = await verifyStore(db, {
      ownVerifierKey: loadOrCreateSigningKey(home).verifierKey,
      trustedKeys: [],
      outsideCheckpoints: [],
    });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkpoint).toMatchObject({ size: records.length, trusted: true });
    const rows = queryEvents(db, {
      filter: {},
      sort: { field: 'timestamp', dir: 'asc' },
      offset: 0,
      limit: 100,
    } as never).rows;
    expect(rows.map((r) => r.timestamp)).toEqual((before as { ts: string }[]).map((r) => r.ts));
    db.close();
  });

  it('turns a time column edited into something that is not a store time into NOT_A_TIME, which verify reports', async () => {
    const { file, home } = storeAtSchema5(records.slice(0, 5));
    const raw = new Database(file);
    raw.exec("DROP TRIGGER events_no_update; UPDATE events SET ts = '2026-03-02T09:01:00Z' WHERE seq = 2;");
    raw.exec("UPDATE events SET ts = '2026-03-02T09:09:09.000000Z' WHERE seq = 4;");
    raw.exec(`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;`);
    raw.close();
    const db = openStore(file);
    expect(db.prepare('SELECT CAST(ts AS TEXT) FROM events WHERE seq = 2').pluck().get()).toBe(NOT_A_TIME);
    const report = await verifyStore(db, {
      ownVerifierKey: loadOrCreateSigningKey(home).verifierKey,
      trustedKeys: [],
      outsideCheckpoints: [],
    });
    expect(report.findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['MODIFIED@2', 'MODIFIED@4']);
    db.close();
  });

  it('makes the same schema on an empty store as on a full one, and rolls back whole when it fails', () => {
    const empty = new Database(':memory:');
    migrate(empty);
    expect(schemaDifferences(empty)).toEqual([]);
    const { file } = storeAtSchema5(records.slice(0, 3));
    const raw = new Database(file);
    // The conversion fails half-way (SQLite's unixepoch replaced on this connection by one that throws).
    raw.function('unixepoch', { varargs: true }, () => {
      throw new Error('disk on fire');
    });
    expect(() => migrate(raw)).toThrow(/disk on fire/);
    raw.close();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(5);
    expect(schemaDifferences(after)).toEqual([]);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events_text_time'").pluck().get()).toBe(0);
    expect(after.prepare('SELECT count(*) FROM events').pluck().get()).toBe(3);
    after.close();
  });
});
