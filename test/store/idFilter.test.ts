import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAppender } from '../../electron/store/append';
import { IdFilter } from '../../electron/store/idFilter';
import { idHash } from '../../electron/store/prepare';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

const randomHash = (): number => crypto.randomBytes(6).readUIntBE(0, 6);

describe('the ID filter', () => {
  it('never says "absent" for a hash it holds, and rarely says "maybe" for one it does not', () => {
    const filter = new IdFilter(100_000);
    const held = Array.from({ length: 100_000 }, randomHash);
    for (const h of held) filter.add(h);
    expect(held.every((h) => filter.mayHold(h))).toBe(true);
    const others = Array.from({ length: 100_000 }, randomHash);
    const falseMaybes = others.filter((h) => filter.mayHold(h)).length;
    // 10 bits and 4 probes per entry: about 1.2% in theory at capacity.
    expect(falseMaybes / others.length).toBeLessThan(0.03);
    expect(falseMaybes).toBeGreaterThan(0);
  });

  it('built from a store, holds every ID hash stored', () => {
    const records = Array.from({ length: 500 }, () => record());
    const db = storeWith(records);
    const filter = IdFilter.ofStore(db, 0);
    expect(records.every((r) => filter.mayHold(idHash(r.id)))).toBe(true);
    db.close();
  });

  it('leaves duplicates and conflicts to the lookup: an append with a filter finds them as without', () => {
    const records = Array.from({ length: 50 }, () => record());
    const db = storeWith(records);
    const filter = IdFilter.ofStore(db, 100);
    db.exec('BEGIN IMMEDIATE');
    const appender = createAppender(db, 1, filter);
    const changed = { ...records[7], status: 'DENIED' as const };
    const fresh = record();
    appender.add([records[3], changed, fresh, fresh].map((r, i) => ({ record: r, line: i + 1 })));
    const tally = appender.finish();
    db.exec('COMMIT');
    expect(tally).toMatchObject({ received: 4, appended: 1, duplicates: 2, conflictCount: 1 });
    expect(tally.conflicts[0].eventId).toBe(records[7].id);
    expect(filter.mayHold(idHash(fresh.id))).toBe(true);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(51);
    db.close();
  });
});
