// The detection scan's shortcuts give what the slow paths give: a store time written as text in
// JavaScript (timeText) is SQLite's text of it (tsTextSql), a timestamp read by timestampMs is
// Date.parse's instant, and plans on action, status and category decided once per distinct
// triple (eventsForPlans) let through exactly the events the same SQL lets through row by row.
import { describe, expect, it } from 'vitest';
import { timestampMs } from '../../electron/detect/timeParts';
import { eventsForPlans, planLets, ROW, timeText } from '../../electron/store/detections';
import { tsTextSql } from '../../electron/store/timeMicros';
import { openStore } from '../../electron/store/db';
import type { DetectionRule } from '../../electron/detect/types';
import { generateDemoEvents } from '../../electron/demo/generate';
import { pack, rulesFrom, storeOf } from './helpers';

describe('fast paths of the detection scan', () => {
  it('writes store times as SQLite does, across the safe range', () => {
    const db = openStore(':memory:');
    try {
      const stmt = db.prepare(`SELECT ${tsTextSql('x')} FROM (SELECT ? AS x)`).pluck();
      const samples = [
        0,
        -1,
        1,
        999_999,
        -999_999,
        86_400_000_000 - 1,
        -86_400_000_000,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
      ];
      // Leap days, century years and every part of the day, from 1686 to 2255.
      for (let i = 0; i < 50_000; i++) samples.push(Math.floor((Math.random() * 2 - 1) * Number.MAX_SAFE_INTEGER));
      for (const us of [Date.UTC(2000, 1, 29), Date.UTC(1900, 2, 1), Date.UTC(2100, 1, 28, 23, 59, 59, 999)].map(
        (ms) => ms * 1000 + 123,
      ))
        samples.push(us);
      for (const us of samples)
        if (timeText(us) !== stmt.get(us)) expect([us, timeText(us)]).toEqual([us, stmt.get(us)]);
    } finally {
      db.close();
    }
  });

  it('reads timestamps as Date.parse does, well-formed or not', () => {
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    const r = (n: number) => Math.floor(Math.random() * n);
    const texts = [
      '2026-03-02T08:00:00.12345xZ',
      '2026-03-02T08:00:00.1234/6Z',
      '2026-03-02 08:00:00.123456Z',
      '0099-03-02T08:00:00.123456Z',
    ];
    for (let i = 0; i < 100_000; i++)
      texts.push(
        `${pad(r(10_000), 4)}-${pad(r(14), 2)}-${pad(r(33), 2)}T${pad(r(26), 2)}:${pad(r(62), 2)}:${pad(r(62), 2)}.${pad(r(1_000_000), 6)}Z`,
      );
    for (const t of texts) {
      const a = timestampMs(t);
      const b = Date.parse(t);
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) expect([t, a]).toEqual([t, b]);
    }
  });

  it('decides plans on action, status and category per distinct triple as SQLite does per row', () => {
    const demo = [...generateDemoEvents({ count: 3_000 })];
    // Odd values the per-row SQL handles with fallbacks: a Kelvin sign, mixed case, a long action.
    demo.push({ ...demo[10], id: 'odd-1', action: 'SIGNING_OPERATIO\u212a' });
    demo.push({ ...demo[11], id: 'odd-2', action: 'signing_operation', status: 'denied' as never });
    demo.push({ ...demo[12], id: 'odd-3', action: 'X'.repeat(70_000) });
    const db = storeOf(demo);
    try {
      const extra = rulesFrom(
        [
          'action|endswith: operatiok',
          'status: denied',
          'action|contains: XXXX',
          'category: signing',
          'action|startswith: KEY_\n    status|cased: SUCCESS',
        ]
          .map(
            (d, i) =>
              `title: t${i}\nid: t${i}\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    ${d}\n  condition: s\n`,
          )
          .join('---\n'),
      );
      const rules = [...pack(), ...extra].filter((r): r is DetectionRule => r.kind === 'detection');
      const plans = rules.map((r) => r.prefilter);
      // The per-row reference: each plan alone, wrapped in an OR with a plan on a column the
      // triples do not cover, so the scan computes it row by row in SQL.
      const perRow = plans.map((p) =>
        p === null
          ? null
          : {
              op: 'or' as const,
              parts: [
                p,
                {
                  op: 'leaf' as const,
                  column: 'event_id' as const,
                  test: 'eq' as const,
                  value: 'none such',
                  cased: true,
                },
              ],
            },
      );
      const verdicts = (ps: typeof plans) => {
        const out = new Map<number, boolean[]>();
        for (const row of eventsForPlans(db, null, ps)) {
          const v = ps.map((_, i) => planLets(row, i));
          if (v.some(Boolean)) out.set(row[ROW.seq], v);
        }
        return out;
      };
      const fast = verdicts(plans);
      const slow = verdicts(perRow);
      expect(fast.size).toBeGreaterThan(1_000);
      expect([...fast]).toEqual([...slow]);
    } finally {
      db.close();
    }
  }, 60_000);
});
