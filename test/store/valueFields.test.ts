// Exclusions, the Key ID and agent filters, and the facet counts, on a real store file.
import { describe, expect, it } from 'vitest';
import { eventFilterSchema, pageRequestSchema, type EventFilter } from '../../shared/filter';
import { getHistogram, getTopValues, queryEvents, roundInterval } from '../../electron/store/query';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

function caseStore() {
  return storeWith([
    record({
      minute: 1,
      actor: { id: 'alice@example.com', type: 'user' },
      details: { keyId: 'key-a', agent: 'agent-1' },
    }),
    record({
      minute: 2,
      actor: { id: 'alice@example.com', type: 'user' },
      details: { keyId: 'key-a', agent: 'agent-2' },
    }),
    record({
      minute: 3,
      actor: { id: 'mallory@example.com', type: 'user' },
      status: 'DENIED',
      action: 'SIGNING_REQUESTED',
      details: { keyId: 'key-legacy-07' },
    }),
    record({
      minute: 4,
      actor: { id: 'svc-ci-build', type: 'service' },
      entity: { type: 'Key', id: 'key-legacy-07' },
      details: { keyId: 'key-legacy-07', agent: 'agent-1' },
    }),
    record({ minute: 5, actor: { id: 'system', type: 'system' }, action: 'KEY_REVOKED', details: {} }),
  ]);
}

const seqs = (db: ReturnType<typeof caseStore>, filter: EventFilter) =>
  queryEvents(db, pageRequestSchema.parse({ filter, sort: { field: 'seq', dir: 'asc' } })).rows.map((r) => r.seq);

describe('exclusions and the value filters', () => {
  it('leaves out excluded actors, statuses and entities, and keeps events that lack the field', () => {
    const db = caseStore();
    expect(seqs(db, { exclude: { actor: ['alice@example.com'] } })).toEqual([3, 4, 5]);
    expect(seqs(db, { exclude: { status: ['DENIED'], actor: ['system'] } })).toEqual([1, 2, 4]);
    expect(seqs(db, { exclude: { entity: ['Key:key-legacy-07'] } })).toEqual([1, 2, 3, 5]);
    expect(seqs(db, { exclude: { keyId: ['key-a'] } })).toEqual([3, 4, 5]);
    // Events 3 and 5 name no agent: excluding one keeps them.
    expect(seqs(db, { exclude: { agent: ['agent-1'] } })).toEqual([2, 3, 5]);
    expect(queryEvents(db, pageRequestSchema.parse({ filter: { exclude: { keyId: ['key-a'] } } })).total).toBe(3);
  });

  it('filters on Key ID and on the agent named in the details', () => {
    const db = caseStore();
    expect(seqs(db, { keyId: 'key-legacy-07' })).toEqual([3, 4]);
    expect(seqs(db, { agent: 'agent-1' })).toEqual([1, 4]);
    expect(seqs(db, { agent: 'agent-1', exclude: { actor: ['svc-ci-build'] } })).toEqual([1]);
  });

  it('combines an exclusion with a keyword search', () => {
    const db = caseStore();
    expect(seqs(db, { q: 'alice OR mallory', exclude: { actor: ['mallory@example.com'] } })).toEqual([1, 2]);
  });

  it('refuses an exclusion of an unknown field at the door', () => {
    expect(eventFilterSchema.safeParse({ exclude: { seq: ['1'] } }).success).toBe(false);
    expect(eventFilterSchema.safeParse({ exclude: { actor: [''] } }).success).toBe(false);
  });
});

describe('top values (the facet panel)', () => {
  it('counts each field’s values for the filter, most frequent first', () => {
    const db = caseStore();
    expect(getTopValues(db, {}, ['actor'], 10)[0]).toEqual({
      field: 'actor',
      values: [
        { value: 'alice@example.com', count: 2 },
        { value: 'mallory@example.com', count: 1 },
        { value: 'svc-ci-build', count: 1 },
        { value: 'system', count: 1 },
      ],
      more: false,
    });
    expect(getTopValues(db, { exclude: { actor: ['alice@example.com'] } }, ['keyId'], 10)[0].values).toEqual([
      { value: 'key-legacy-07', count: 2 },
      { value: 'key-42', count: 1 },
    ]);
    expect(getTopValues(db, {}, ['agent'], 10)[0].values).toEqual([
      { value: 'agent-1', count: 2 },
      { value: 'agent-2', count: 1 },
    ]);
    expect(getTopValues(db, {}, ['entity'], 1)[0]).toEqual({
      field: 'entity',
      values: [{ value: 'Key:key-42', count: 4 }],
      more: true,
    });
    expect(getTopValues(db, { statuses: ['DENIED'] }, ['status'], 10)[0].values).toEqual([
      { value: 'DENIED', count: 1 },
    ]);
  });

  it('counts the same events the query selects', () => {
    const db = caseStore();
    const filter: EventFilter = { q: 'alice OR svc', exclude: { agent: ['agent-2'] } };
    const counted = getTopValues(db, filter, ['actor'], 10)[0].values.reduce((n, v) => n + v.count, 0);
    expect(counted).toBe(queryEvents(db, pageRequestSchema.parse({ filter })).total);
  });

  it('counts every field in one pass, and past the sample only the newest matches, saying so', () => {
    const db = caseStore();
    const all = getTopValues(db, {}, ['actor', 'status'], 10);
    expect(all.map((f) => f.field)).toEqual(['actor', 'status']);
    expect(all.every((f) => f.sampled === undefined)).toBe(true);
    // A sample of 3: the events of minutes 5, 4 and 3 (newest first), and the cut is reported.
    const [actors, statuses] = getTopValues(db, {}, ['actor', 'status'], 10, 3);
    expect(actors).toEqual({
      field: 'actor',
      values: [
        { value: 'mallory@example.com', count: 1 },
        { value: 'svc-ci-build', count: 1 },
        { value: 'system', count: 1 },
      ],
      more: false,
      sampled: 3,
    });
    expect(statuses.values.reduce((n, v) => n + v.count, 0)).toBe(3);
    // Exactly as many matches as the sample: nothing was left out, so the counts are exact.
    expect(getTopValues(db, {}, ['actor'], 10, 5)[0].sampled).toBeUndefined();
    expect(getTopValues(db, { exclude: { actor: ['system'] } }, ['actor'], 10, 3)[0]).toMatchObject({
      values: [
        { value: 'alice@example.com', count: 1 },
        { value: 'mallory@example.com', count: 1 },
        { value: 'svc-ci-build', count: 1 },
      ],
      sampled: 3,
    });
  });
});

describe('histogram buckets', () => {
  it('picks round intervals by span', () => {
    expect(roundInterval(50_000, 60)).toBe(1000);
    expect(roundInterval(59 * 60_000, 4)).toBe(15 * 60_000);
    expect(roundInterval(3 * 86_400_000, 60)).toBe(2 * 3600_000);
    expect(roundInterval(400 * 86_400_000, 60)).toBe(7 * 86_400_000);
  });

  it('aligns buckets to round edges and keeps a given axis whatever the filter selects', () => {
    const db = caseStore();
    const range = { from: '2026-03-02T09:00:00Z', to: '2026-03-02T10:00:00Z' };
    const all = getHistogram(db, {}, 60, range);
    const denied = getHistogram(db, { statuses: ['DENIED'] }, 60, range);
    expect(all.map((b) => b.start)).toEqual(denied.map((b) => b.start));
    expect(all[0].start).toBe('2026-03-02T09:00:00.000Z');
    expect(all[1].start).toBe('2026-03-02T09:01:00.000Z');
    expect(denied.reduce((n, b) => n + b.DENIED + b.SUCCESS, 0)).toBe(1);
    expect(denied[3].DENIED).toBe(1);
  });
});
