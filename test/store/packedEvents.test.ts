// Prepared events packed for the crossing from the sync's page worker to the writer's thread
// (store/packedEvents.ts): they must come out exactly as prepareEvent made them, through a real
// thread boundary (structured clone with the buffers transferred), and a store appended from packed
// batches must be byte for byte the store appended from the tuples.
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/event';
import { createAppender } from '../../electron/store/append';
import { openStore, type Db } from '../../electron/store/db';
import {
  EventPacker,
  forEachPacked,
  noPackedEvents,
  packedTransferList,
  type PackedEvents,
} from '../../electron/store/packedEvents';
import { prepareEvent, type PreparedEvent } from '../../electron/store/prepare';
import { record } from '../helpers/records';
import { testImportRow } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

/** Records that exercise every kind of value the tuple holds. */
function mixedRecords(): AuditRecord[] {
  return [
    record(),
    // No entity name, request or key: the nullable columns are NULL.
    record({ entity: { type: 'User', id: 'bob' }, details: {} }),
    // The same actor, action and status again (a column's distinct value reused), non-ASCII text.
    record({ actor: { id: 'zoë@example.com', type: 'user' }, entity: { type: 'Key', id: 'ключ-7', name: '署名鍵' } }),
    // Past 2^53 microseconds: the time is a BigInt, which a Float64Array cannot hold.
    record({ timestamp: '9999-12-31T23:59:59.999999Z' }),
    record({ timestamp: '0001-01-01T00:00:00.000000Z', actor: { id: '', type: 'service' } }),
    record({ action: 'KEY_REVOKED', status: 'DENIED', details: { reason: 'a "quoted", comma\nline' } }),
  ];
}

const prepared = (records: AuditRecord[]): PreparedEvent[] =>
  records.map((r, i) => prepareEvent({ record: r, line: i + 1 }));

function pack(events: PreparedEvent[]): PackedEvents {
  const packer = new EventPacker();
  for (const e of events) packer.add(e);
  return packer.finish();
}

/** Through a real MessageChannel, its buffers transferred, as the page worker posts a page. */
function acrossThreads(events: PackedEvents): PackedEvents {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(events, packedTransferList(events));
    return receiveMessageOnPort(port2)!.message as PackedEvents;
  } finally {
    port1.close();
  }
}

/** The tuples as plain values (byte arrays as Buffers copied), to compare. */
function unpacked(events: PackedEvents): unknown[][] {
  const out: unknown[][] = [];
  forEachPacked(events, (e) => out.push(e.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v))));
  return out;
}

describe('packed prepared events', () => {
  it('come out of a thread crossing exactly as prepareEvent made them, nulls and BigInt times included', () => {
    const events = prepared(mixedRecords());
    expect(events.some((e) => typeof e[4] === 'bigint')).toBe(true);
    expect(events.some((e) => e[11] === null && e[13] === null)).toBe(true);
    const packed = pack(events);
    const received = acrossThreads(packed);
    // Transferred, not copied: the sender's buffers are gone.
    expect(packed.bytes.byteLength).toBe(0);
    expect(received.count).toBe(events.length);
    expect(unpacked(received)).toEqual(events.map((e) => e.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v))));
  });

  it('holds each distinct text value of a column once', () => {
    const events = prepared(Array.from({ length: 50 }, () => record()));
    const packed = pack(events);
    const actors = packed.text[1]; // actor_id, the second text column
    expect(actors.values).toEqual(['alice@example.com']);
    expect([...actors.index]).toEqual(new Array(50).fill(0));
    expect(new Set(packed.text[0].values).size).toBe(50); // every event ID its own
  });

  it('packs a page without events, and an empty value is not a null', () => {
    expect(acrossThreads(pack([])).count).toBe(0);
    expect(noPackedEvents().count).toBe(0);
    const [only] = unpacked(acrossThreads(pack(prepared([record({ actor: { id: '', type: 'user' } })]))));
    expect(only[5]).toBe('');
  });

  it('append the same store as the tuples do: rows, chain, duplicates and conflicts', () => {
    const records = mixedRecords();
    const again = { ...records[0] }; // a duplicate
    const conflicting = { ...records[1], action: 'SOMETHING_ELSE' }; // same ID, other content
    const batch = prepared([...records, again, conflicting]);
    const dir = tempDir();
    const append = (file: string, packedBatch: boolean): { db: Db; tally: unknown } => {
      const db = openStore(path.join(dir, file));
      db.exec('BEGIN IMMEDIATE');
      const appender = createAppender(db, testImportRow(db));
      appender.addPrepared(packedBatch ? acrossThreads(pack(batch)) : batch);
      const tally = appender.finish();
      db.exec('COMMIT');
      return { db, tally };
    };
    const fromTuples = append('tuples.sqlite', false);
    const fromPacked = append('packed.sqlite', true);
    try {
      expect(fromPacked.tally).toEqual(fromTuples.tally);
      expect(fromPacked.tally).toMatchObject({ received: 8, appended: 6, duplicates: 1, conflictCount: 1 });
      const rows = (db: Db) => db.prepare('SELECT * FROM events ORDER BY seq').raw().all();
      expect(rows(fromPacked.db)).toEqual(rows(fromTuples.db));
      const search = (db: Db) =>
        db.prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ?').pluck().all('ключ');
      expect(search(fromPacked.db)).toEqual([3]);
    } finally {
      fromTuples.db.close();
      fromPacked.db.close();
    }
  });
});
