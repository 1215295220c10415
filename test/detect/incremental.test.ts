// After an import or a sync, only the new events and the correlation windows they touch are
// evaluated (through the service handler, in the detection worker), and the hits are those a
// full run finds among them.
import { describe, expect, it } from 'vitest';
import { detectHandlers } from '../../electron/detect/handlers';
import { createAppender } from '../../electron/store/append';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { records, storeOf, type Short } from './helpers';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 0, minutes)).toISOString().replace('Z', '000Z');

const OLD: Short[] = Array.from({ length: 300 }, (_, i): Short => ({
  t: at(i),
  actor: `user${i % 7}@example.com`,
  action: i % 3 ? 'USER_LOGIN' : 'SIGNING_REQUESTED',
  status: i % 3 ? 'SUCCESS' : ('DENIED' as const),
  entity: i % 3 ? `User/u${i}` : `SigningRequest/old-${i}`,
  details: i % 3 ? {} : ({ requestId: `old-${i}` } as Record<string, string>),
}));
// Ten hours after the last old event: five denials by one requester (a burst), and logins.
const NEW: Short[] = Array.from({ length: 20 }, (_, i): Short => ({
  t: at(900 + i),
  actor: i < 5 ? 'mallory@example.com' : 'bob@example.com',
  action: i < 5 ? 'SIGNING_REQUESTED' : 'USER_LOGIN',
  status: i < 5 ? ('DENIED' as const) : 'SUCCESS',
  entity: i < 5 ? `SigningRequest/new-${i}` : 'User/bob',
  details: i < 5 ? ({ requestId: `new-${i}` } as Record<string, string>) : {},
}));

describe('incremental detection after an import', () => {
  it('evaluates only the new page and the windows it touches, and keeps the earlier hits', async () => {
    const db = storeOf(OLD);
    try {
      const h = detectHandlers(db);
      const ctx = noJobContext();
      const full = await h['detect.run'](parseArgs('detect.run', {}), ctx);
      expect(full.scanned).toBe(300);
      const oldHits = full.hits.length;
      const page = records([...OLD, ...NEW]).slice(300);
      db.exec('BEGIN IMMEDIATE');
      const importId = Number(
        db
          .prepare(
            `INSERT INTO imports (kind, source, format, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
             VALUES ('file', 'page.ndjson', 'ndjson', 20, 20, 0, 0, 'test', '2026-01-01T00:00:00Z', 'test')`,
          )
          .run().lastInsertRowid,
      );
      const appender = createAppender(db, importId);
      appender.add(page.map((record, i) => ({ record, line: i + 1 })));
      appender.finish();
      db.exec('COMMIT');
      const next = await h['detect.run'](parseArgs('detect.run', { incremental: true }), ctx);
      expect(next.incremental).toBe(true);
      // Only the 20 new events: the pack's longest window (2 h) reaches none of the old ones.
      expect(next.scanned).toBe(20);
      expect(next.lastSeq).toBe(320);
      const burst = next.hits.filter((x) => x.rule.title.startsWith('Burst'));
      expect(burst.map((x) => x.events.map((e) => e.seq))).toEqual([[301, 302, 303, 304, 305]]);
      expect(next.hits.length).toBe(oldHits + 1);
      // The same hits as a full run over everything.
      const again = await detectHandlers(db)['detect.run'](parseArgs('detect.run', {}), ctx);
      const shape = (r: typeof next) => r.hits.map((x) => [x.rule.id, x.events.map((e) => e.seq)]).sort();
      expect(shape(next)).toEqual(shape(again));
    } finally {
      db.close();
    }
  }, 120_000);
});
