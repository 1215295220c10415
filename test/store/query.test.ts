import { describe, expect, it } from 'vitest';
import { pageRequestSchema, type EventFilter, type PageRequest } from '../../shared/filter';
import { getEvent, getFacets, getHistogram, KEYWORD_COUNT_LIMIT, queryEvents } from '../../electron/store/query';
import { SearchSyntaxError } from '../../electron/store/search';
import { createAppender } from '../../electron/store/append';
import { getMeta } from '../../electron/store/db';
import { isTimeOrdered } from '../../electron/store/timeOrder';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

const page = (db: Parameters<typeof queryEvents>[0], req: PageRequest) => queryEvents(db, pageRequestSchema.parse(req));

function sampleStore() {
  return storeWith([
    record({
      minute: 1,
      actor: { id: 'alice@example.com', type: 'user' },
      action: 'KEY_GENERATED',
      status: 'SUCCESS',
      details: { keySize: 3072 },
    }),
    record({
      minute: 2,
      actor: { id: 'bob@example.com', type: 'user' },
      action: 'SIGNING_OPERATION',
      status: 'DENIED',
      details: { requestId: 'req-7f3a', artifact: 'release/app-4.2.1.msi' },
    }),
    record({
      minute: 3,
      actor: { id: 'svc-ci-build', type: 'service' },
      action: 'SIGNING_OPERATION',
      status: 'SUCCESS',
      details: { requestId: 'req-7f3a', policyResult: 'pass' },
    }),
    record({
      minute: 4,
      actor: { id: 'system', type: 'system' },
      action: 'CERTIFICATE_EXPIRED',
      status: 'FAILURE',
      entity: { type: 'Certificate', id: 'cert-9' },
      details: {},
    }),
    record({
      minute: 60,
      actor: { id: 'alice@example.com', type: 'user' },
      action: 'KEY_REVOKED',
      status: 'SUCCESS',
      details: { reason: 'key compromise' },
    }),
  ]);
}

describe('querying events', () => {
  it('pages through everything, sorted by time, with the total', () => {
    const db = sampleStore();
    const result = page(db, { limit: 2, offset: 1 });
    expect(result.total).toBe(5);
    expect(result.totalIsEstimate).toBe(false);
    expect(result.rows.map((r) => r.seq)).toEqual([2, 3]);
  });

  it('filters by time range: from inclusive, to exclusive', () => {
    const db = sampleStore();
    const result = page(db, { filter: { from: '2026-03-02T09:02:00Z', to: '2026-03-02T09:04:00Z' } });
    expect(result.rows.map((r) => r.seq)).toEqual([2, 3]);
  });

  it('filters by several actors, statuses, actions and categories', () => {
    const db = sampleStore();
    expect(page(db, { filter: { actors: ['alice@example.com', 'system'] } }).rows.map((r) => r.seq)).toEqual([1, 4, 5]);
    expect(page(db, { filter: { statuses: ['DENIED', 'FAILURE'] } }).rows.map((r) => r.seq)).toEqual([2, 4]);
    expect(page(db, { filter: { actions: ['SIGNING_OPERATION'] } }).total).toBe(2);
    expect(page(db, { filter: { categories: ['key_lifecycle'] } }).rows.map((r) => r.seq)).toEqual([1, 5]);
  });

  it("follows a signing request's trail and an entity's history", () => {
    const db = sampleStore();
    expect(page(db, { filter: { requestId: 'req-7f3a' } }).rows.map((r) => r.seq)).toEqual([2, 3]);
    expect(page(db, { filter: { entityType: 'Certificate', entityId: 'cert-9' } }).rows.map((r) => r.seq)).toEqual([4]);
  });

  it('finds request IDs, artifact names and reasons by keyword', () => {
    const db = sampleStore();
    expect(page(db, { filter: { q: 'req-7f3a' } }).rows.map((r) => r.seq)).toEqual([2, 3]);
    expect(page(db, { filter: { q: 'app-4.2.1.msi' } }).rows.map((r) => r.seq)).toEqual([2]);
    expect(page(db, { filter: { q: '"key compromise"' } }).rows.map((r) => r.seq)).toEqual([5]);
    expect(page(db, { filter: { q: 'SIGNING_OPERATION NOT denied' } }).rows.map((r) => r.seq)).toEqual([3]);
    expect(page(db, { filter: { q: 'svc*' } }).rows.map((r) => r.seq)).toEqual([3]);
  });

  it('combines a keyword with filters', () => {
    const db = sampleStore();
    expect(page(db, { filter: { q: 'req-7f3a', statuses: ['SUCCESS'] } }).rows.map((r) => r.seq)).toEqual([3]);
  });

  it('gives a query it cannot parse a clear error, never a crash', () => {
    const db = sampleStore();
    expect(() => page(db, { filter: { q: 'NOT alice' } })).toThrow(SearchSyntaxError);
  });

  it('sorts by any shown column', () => {
    const db = sampleStore();
    expect(page(db, { sort: { field: 'actorId', dir: 'desc' } }).rows.map((r) => r.actorId)).toEqual([
      'system',
      'svc-ci-build',
      'bob@example.com',
      'alice@example.com',
      'alice@example.com',
    ]);
    expect(page(db, { sort: { field: 'timestamp', dir: 'desc' }, limit: 1 }).rows[0].seq).toBe(5);
  });

  it('breaks ties by seq, in the direction of the sort, not by time or index order', () => {
    // Equal actors and statuses whose times run against their seqs: only a seq tie-break gives
    // these orders (the (actor_id, ts) index alone would give the reverse).
    const alice = { id: 'alice@example.com', type: 'user' as const };
    const db = storeWith([
      record({ minute: 30, actor: alice }),
      record({ minute: 20, actor: alice }),
      record({ minute: 10, actor: alice }),
      record({ minute: 5, actor: { id: 'zed@example.com', type: 'user' } }),
    ]);
    const order = (field: 'actorId' | 'status', dir: 'asc' | 'desc') =>
      page(db, { sort: { field, dir } }).rows.map((r) => r.seq);
    expect(order('actorId', 'asc')).toEqual([1, 2, 3, 4]);
    expect(order('actorId', 'desc')).toEqual([4, 3, 2, 1]);
    expect(order('status', 'asc')).toEqual([1, 2, 3, 4]);
    expect(order('status', 'desc')).toEqual([4, 3, 2, 1]);
  });

  it('shows the context around an event, ± a time window', () => {
    const db = sampleStore();
    expect(page(db, { filter: { around: { seq: 2, windowMinutes: 1 } } }).rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(page(db, { filter: { around: { seq: 5, windowMinutes: 10 } } }).rows.map((r) => r.seq)).toEqual([5]);
  });

  it('labels keyword counts beyond the limit as estimates', () => {
    const many = Array.from({ length: KEYWORD_COUNT_LIMIT + 5 }, (_, i) =>
      record({ minute: i, details: { tag: 'bulk' } }),
    );
    const db = storeWith(many);
    const result = page(db, { filter: { q: 'bulk' }, limit: 10 });
    expect(result).toMatchObject({ total: KEYWORD_COUNT_LIMIT, totalIsEstimate: true });
    // Paging past the limit: the count stops one past the page (Next stays possible), and the last
    // page's count is exact — for a keyword alone and for a keyword with another filter.
    const filters: EventFilter[] = [{ q: 'bulk' }, { q: 'bulk', statuses: ['SUCCESS'] }];
    for (const filter of filters) {
      expect(page(db, { filter, offset: KEYWORD_COUNT_LIMIT - 10, limit: 10 })).toMatchObject({
        total: KEYWORD_COUNT_LIMIT + 1,
        totalIsEstimate: true,
      });
      const last = page(db, { filter, offset: KEYWORD_COUNT_LIMIT, limit: 10 });
      expect(last).toMatchObject({ total: KEYWORD_COUNT_LIMIT + 5, totalIsEstimate: false });
      expect(last.rows).toHaveLength(5);
    }
    expect(page(db, { filter: { actors: ['alice@example.com'] }, limit: 10 })).toMatchObject({
      total: KEYWORD_COUNT_LIMIT + 5,
      totalIsEstimate: false,
    });
  });

  it('returns one event with its details, canonical bytes and hashes', () => {
    const db = sampleStore();
    const event = getEvent(db, 2)!;
    expect(event.details).toEqual({ requestId: 'req-7f3a', artifact: 'release/app-4.2.1.msi' });
    expect(JSON.parse(event.canonical).id).toBe(event.id);
    expect(event.leafHex).toMatch(/^[0-9a-f]{64}$/);
    expect(event.sourceFile).toBe('test.ndjson');
    expect(getEvent(db, 99)).toBeNull();
  });

  it('lists actors and actions for the filter bar', () => {
    const facets = getFacets(sampleStore());
    expect(facets.actors).toEqual(['alice@example.com', 'bob@example.com', 'svc-ci-build', 'system']);
    expect(facets.actions).toContainEqual({ action: 'KEY_REVOKED', category: 'key_lifecycle' });
  });

  it('counts events over time by status for the histogram', () => {
    const db = sampleStore();
    const buckets = getHistogram(db, {}, 4);
    const sum = (k: 'SUCCESS' | 'FAILURE' | 'DENIED') => buckets.reduce((n, b) => n + b[k], 0);
    expect([sum('SUCCESS'), sum('FAILURE'), sum('DENIED')]).toEqual([3, 1, 1]);
    expect(buckets[0]).toMatchObject({ SUCCESS: 2, DENIED: 1, FAILURE: 1 });
    expect(buckets[buckets.length - 1].SUCCESS).toBe(1);
  });

  it('sorts keyword results by time whether or not the store was appended in time order', () => {
    const minutes = [5, 1, 9, 3, 7, 2];
    const shuffled = storeWith(minutes.map((minute) => record({ minute, details: { tag: 'needle' } })));
    expect(isTimeOrdered(shuffled)).toBe(false);
    const ordered = storeWith(
      [...minutes].sort((a, b) => a - b).map((minute) => record({ minute, details: { tag: 'needle' } })),
    );
    expect(isTimeOrdered(ordered)).toBe(true);
    for (const db of [shuffled, ordered]) {
      const desc = page(db, {
        filter: { q: 'needle' },
        sort: { field: 'timestamp', dir: 'desc' },
        limit: 4,
        offset: 1,
      });
      expect(desc.rows.map((r) => r.timestamp)).toEqual([...desc.rows.map((r) => r.timestamp)].sort().reverse());
      expect(desc.rows.map((r) => Number(r.timestamp.slice(14, 16)))).toEqual([7, 5, 3, 2]);
      expect(desc.total).toBe(6);
    }
  });

  it('counts a keyword combined with filters exactly', () => {
    const db = storeWith([
      record({ minute: 1, status: 'DENIED', details: { tag: 'needle' } }),
      record({ minute: 2, status: 'SUCCESS', details: { tag: 'needle' } }),
      record({ minute: 3, status: 'DENIED', details: { tag: 'hay' } }),
      record({ minute: 4, status: 'DENIED', details: { tag: 'needle' } }),
    ]);
    const result = page(db, {
      filter: { q: 'needle', statuses: ['DENIED'] },
      sort: { field: 'timestamp', dir: 'desc' },
    });
    expect(result.rows.map((r) => r.seq)).toEqual([4, 1]);
    expect(result).toMatchObject({ total: 2, totalIsEstimate: false });
  });

  it('remembers that a store is no longer in time order once an earlier event is appended', () => {
    const db = storeWith([record({ minute: 10 })]);
    expect(getMeta(db, 'time_ordered')).toBe('1');
    db.exec('BEGIN');
    const appender = createAppender(db, 1);
    appender.add([{ record: record({ minute: 5 }), line: 1 }]);
    appender.finish();
    db.exec('COMMIT');
    expect(getMeta(db, 'time_ordered')).toBe('0');
    expect(isTimeOrdered(db)).toBe(false);
  });
});
