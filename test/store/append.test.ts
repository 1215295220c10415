import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import { chainHash, leafHash, ZERO_CHAIN } from '../../electron/integrity/hash';
import { createAppender } from '../../electron/store/append';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

describe('appending events', () => {
  it('numbers events 1, 2, 3 and stores canon(e), leaf(e) and chain(n)', () => {
    const records = [record(), record(), record()];
    const db = storeWith(records);
    const rows = db.prepare('SELECT seq, canon, leaf, chain FROM events ORDER BY seq').all() as {
      seq: number;
      canon: Buffer;
      leaf: Buffer;
      chain: Buffer;
    }[];
    let chain = ZERO_CHAIN;
    rows.forEach((row, i) => {
      expect(row.seq).toBe(i + 1);
      expect(row.canon.toString('utf8')).toBe(canonicalize(records[i] as never));
      expect(row.leaf.equals(leafHash(row.canon))).toBe(true);
      chain = chainHash(chain, row.leaf);
      expect(row.chain.equals(chain)).toBe(true);
    });
    db.close();
  });

  it('derives the shown columns from the record', () => {
    const db = storeWith([
      record({
        action: 'KEY_REVOKED',
        entity: { type: 'Key', id: 'key-7', name: 'release key' },
        details: { reason: 'compromise' },
      }),
    ]);
    const row = db.prepare('SELECT * FROM events').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      action: 'KEY_REVOKED',
      category: 'key_lifecycle',
      entity_type: 'Key',
      entity_id: 'key-7',
      entity_name: 'release key',
      key_id: 'key-7',
      request_id: null,
      actor_type: 'user',
    });
    db.close();
  });

  it('refuses UPDATE and DELETE on events: the store is append-only', () => {
    const db = storeWith([record()]);
    expect(() => db.prepare("UPDATE events SET actor_id = 'mallory'").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only: DELETE refused/);
    db.close();
  });

  it('counts an event whose ID is stored with the same content as a duplicate, and stores it once', () => {
    const first = record();
    const db = storeWith([first]);
    db.exec('BEGIN');
    const appender = createAppender(db, 1);
    appender.add([
      { record: first, line: 1 },
      { record: record(), line: 2 },
    ]);
    const tally = appender.finish();
    db.exec('COMMIT');
    expect(tally).toMatchObject({ received: 2, appended: 1, duplicates: 1, conflictCount: 0, firstSeq: 2, lastSeq: 2 });
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    db.close();
  });

  it('keeps an event whose ID is stored with other content out, and reports both versions', () => {
    const original = record();
    const db = storeWith([original]);
    const changed = { ...original, status: 'DENIED' as const };
    db.exec('BEGIN');
    const appender = createAppender(db, 1);
    appender.add([{ record: changed, line: 9 }]);
    const tally = appender.finish();
    db.exec('COMMIT');
    expect(tally.appended).toBe(0);
    expect(tally.conflicts).toEqual([
      {
        eventId: original.id,
        line: 9,
        stored: canonicalize(original as never),
        incoming: canonicalize(changed as never),
      },
    ]);
    expect(db.prepare('SELECT status FROM events').pluck().all()).toEqual(['SUCCESS']);
    db.close();
  });

  it('continues the chain across imports', () => {
    const db = storeWith([record()]);
    const head = db.prepare('SELECT chain FROM events WHERE seq = 1').pluck().get() as Buffer;
    db.exec('BEGIN');
    const appender = createAppender(db, 1);
    appender.add([{ record: record(), line: 1 }]);
    appender.finish();
    db.exec('COMMIT');
    const row = db.prepare('SELECT leaf, chain FROM events WHERE seq = 2').get() as { leaf: Buffer; chain: Buffer };
    expect(row.chain.equals(chainHash(head, row.leaf))).toBe(true);
    db.close();
  });

  it('indexes every appended event for keyword search, consistently with the FTS5 integrity-check', () => {
    const db = storeWith([record({ details: { requestId: 'req-7f3a', artifact: 'release/app-4.2.1.msi' } }), record()]);
    expect(db.prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH \'"app-4.2.1.msi"\'').pluck().all()).toEqual(
      [1],
    );
    expect(() =>
      db.prepare("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).not.toThrow();
    db.close();
  });
});

describe('conflict reports', () => {
  it('keeps up to 1,000 in full per import, also when several imports share a transaction', () => {
    const records = Array.from({ length: 1002 }, () => record());
    const db = storeWith(records);
    db.exec('BEGIN IMMEDIATE');
    const appender = createAppender(db, 1);
    const changed = (r: (typeof records)[number]) => ({ record: { ...r, status: 'DENIED' as const }, line: 1 });
    appender.add(records.slice(0, 1001).map(changed));
    expect(appender.tally).toMatchObject({ conflictCount: 1001 });
    expect(appender.tally.conflicts).toHaveLength(1000);
    appender.switchImport(2);
    appender.add([changed(records[1001])]);
    expect(appender.tally.conflicts.at(-1)?.eventId).toBe(records[1001].id);
    db.exec('ROLLBACK');
    db.close();
  });
});
