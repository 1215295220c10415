// The service's detection channel: a full run, then an incremental one after new events arrive,
// and a rule's hits as a grid filter (seqs) through the one query.
import { describe, expect, it } from 'vitest';
import { detectHandlers } from '../../electron/detect/handlers';
import { createAppender } from '../../electron/store/append';
import { queryEvents } from '../../electron/store/query';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { records, storeOf } from './helpers';

const burst = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    t: `08:4${from + i}:00`,
    actor: 'mallory@example.com',
    action: 'SIGNING_REQUESTED',
    status: 'DENIED' as const,
    entity: `SigningRequest/req-${from + i}`,
    details: { requestId: `req-${from + i}` },
  }));

describe('detect.run through the service handlers', () => {
  it('evaluates only new events incrementally and keeps the earlier hits', async () => {
    const first = records(burst(0, 3));
    const db = storeOf(first);
    const h = detectHandlers(db);
    const ctx = noJobContext();
    const full = await h['detect.run'](parseArgs('detect.run', {}), ctx);
    expect(full.hits).toEqual([]);
    expect(full.lastSeq).toBe(3);
    // Two more denials arrive: with the three before them they make a burst.
    const more = records(burst(3, 2)).map((r, i) => ({ ...r, id: `evt-more-${i}` }));
    db.exec('BEGIN IMMEDIATE');
    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (kind, source, format, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
           VALUES ('file', 'more.ndjson', 'ndjson', 2, 2, 0, 0, 'test', '2026-01-01T00:00:00Z', 'test')`,
        )
        .run().lastInsertRowid,
    );
    const appender = createAppender(db, importId);
    appender.add(more.map((record, i) => ({ record, line: i + 1 })));
    appender.finish();
    db.exec('COMMIT');
    const next = await h['detect.run'](parseArgs('detect.run', { incremental: true }), ctx);
    expect(next.incremental).toBe(true);
    expect(next.scanned).toBe(5);
    expect(next.hits.map((x) => x.events.map((e) => e.seq))).toEqual([[1, 2, 3, 4, 5]]);
    expect(next.rules.find((r) => r.title.startsWith('Burst'))!.hits).toBe(1);
    // The hit as the grid's filter.
    const page = queryEvents(db, parseArgs('events.query', { filter: { seqs: [2, 4] }, limit: 50 }));
    expect(page.rows.map((r) => r.seq).sort()).toEqual([2, 4]);
    db.close();
  });
});
