// What the detection engine does to be fast must not change a single hit: leaves on action,
// status and category compiled to IN lists of the store's own values (tested once per value),
// time modifiers from the zone's offset per hour, and the incremental run's history read through
// the indexes. Each is checked against the reference (every rule in code on every event, or Intl,
// or a full run) on real stores.
import { describe, expect, it } from 'vitest';
import { runRules, type RunResult } from '../../electron/detect/engine';
import { timePart } from '../../electron/detect/timeParts';
import { generateDemoEvents } from '../../electron/demo/generate';
import type { Db } from '../../electron/store/db';
import { enrichmentHistory, eventsForPlans, planLets, ROW } from '../../electron/store/detections';
import { appendRecords } from '../helpers/store';
import { hitsOf, pack, records, rulesFrom, storeOf, type Short } from './helpers';

const shape = (r: RunResult) => r.hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)]);

const append = appendRecords;

/** Incremental run after appending `page`: the same hits (with a new event) as a full run, plans and code alike. */
function expectIncrementalLikeFull(db: Db, rules: ReturnType<typeof pack>, since: number): RunResult {
  const incremental = runRules(db, rules, { sinceSeq: since });
  const incrementalCode = runRules(db, rules, { sinceSeq: since, evaluation: 'code' });
  expect(shape(incremental)).toEqual(shape(incrementalCode));
  const full = runRules(db, rules);
  const withNew = full.hits.filter((h) => h.events.some((e) => e.seq > since));
  expect(shape(incremental)).toEqual(withNew.map((h) => [h.rule.id, h.events.map((e) => e.seq)]));
  return incremental;
}

describe('detection speed-ups keep the hits', () => {
  it('compiles leaves on action, status and category to IN lists of the stored values, as the code matches them', () => {
    const events: Short[] = [
      { t: '08:00:00', actor: 'a', action: 'SIGNING_OPERATION', entity: 'Key/k1' },
      { t: '08:00:01', actor: 'a', action: 'signing_operation', entity: 'Key/k1' },
      { t: '08:00:02', actor: 'a', action: 'SIGNING_OPERATIO\u212a', entity: 'Key/k1' },
      { t: '08:00:03', actor: 'a', action: "O'BRIEN%_--;", entity: 'Key/k1' },
      { t: '08:00:04', actor: 'a', action: 'USER_LOGIN', entity: 'User/u', status: 'DENIED' },
      { t: '08:00:05', actor: 'a', action: 'USER_LOGIN', entity: 'User/u' },
    ];
    const ids = (item: string) =>
      (
        hitsOf(
          rulesFrom(
            `title: t\nid: r1\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    ${item}\n  condition: s\n`,
          ),
          events,
        ).byRule.get('r1') ?? []
      ).map((h) => h[0]);
    expect(ids('action: signing_operation')).toEqual(['evt-case-001', 'evt-case-002']);
    // The Kelvin sign folds to k in JavaScript: the code decides, the plan lets it through.
    expect(ids('action|endswith: operatiok')).toEqual(['evt-case-003']);
    expect(ids('action|contains: "o\'brien%_"')).toEqual(['evt-case-004']);
    expect(ids('action|startswith: "O\'BRIEN%"')).toEqual(['evt-case-004']);
    expect(ids('status: denied')).toEqual(['evt-case-005']);
    expect(ids('action: NOTHING_LIKE_IT')).toEqual([]);

    const db = storeOf(events);
    try {
      const [r] = rulesFrom(
        `title: t\nid: r1\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    action: "o'brien%_--;"\n  condition: s\n`,
      );
      if (r.kind !== 'detection') throw new Error('detection rule expected');
      const seen: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare;
      const rows = [...eventsForPlans(db, null, [r.prefilter])].filter((row) => planLets(row, 0));
      // 3 is let through for the code to decide (a Kelvin sign, and the value has an i); 1, 2, 5, 6 are not.
      expect(rows.map((row) => row[ROW.seq])).toEqual([3, 4]);
      const scan = seen.find((s) => s.includes('ORDER BY ts, seq'))!;
      expect(scan).toMatch(/action IN \(\?(, \?)*\)/);
      expect(scan).not.toContain('lower(action)');
      expect(seen.join('\n')).not.toContain('brien');
    } finally {
      db.close();
    }
  });

  it('gives every time part as Intl does, across daylight-saving changes and half-hour zones', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/St_Johns',
    ];
    for (const zone of zones) {
      const intl = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      // Every 4 h 7 min 13 s through 2021, every 7 min 13 s through the days of DST changes,
      // and a few instants before 1980 (local mean times).
      const instants = [Date.UTC(1890, 5, 1, 12, 0, 30), Date.UTC(1975, 0, 1, 0, 0, 59)];
      for (let ms = Date.UTC(2021, 0, 1); ms < Date.UTC(2022, 0, 1); ms += 247 * 60_000 + 13_000) instants.push(ms);
      for (const day of ['03-14', '03-28', '04-04', '10-03', '10-31', '11-07']) {
        const start = Date.parse(`2021-${day}T00:00:00Z`) - 12 * 3_600_000;
        for (let ms = start; ms < start + 36 * 3_600_000; ms += 7 * 60_000 + 13_000) instants.push(ms);
      }
      for (const ms of instants) {
        const want: Record<string, number> = {};
        for (const p of intl.formatToParts(ms)) if (p.type !== 'literal') want[p.type] = Number(p.value);
        const ts = new Date(ms).toISOString().replace('Z', '000Z');
        const got = {
          year: timePart(ts, 'year', zone),
          month: timePart(ts, 'month', zone),
          day: timePart(ts, 'day', zone),
          hour: timePart(ts, 'hour', zone),
          minute: timePart(ts, 'minute', zone),
        };
        if (JSON.stringify(got) !== JSON.stringify(want)) expect({ zone, ts, got }).toEqual({ zone, ts, got: want });
      }
    }
  });

  it('an incremental run after a page of the demo case finds what a full run finds with the new events', () => {
    const demo = [...generateDemoEvents({ count: 6_000 })];
    const rules = pack();
    // Cut the trail where the pack hits, so the pages hold hits of their own.
    const whole = storeOf(demo);
    const hitSeqs = runRules(whole, rules).hits.map((h) => h.events[h.events.length - 1].seq);
    whole.close();
    expect(hitSeqs.length).toBeGreaterThan(2);
    hitSeqs.sort((a, b) => a - b);
    const cut = hitSeqs[Math.floor(hitSeqs.length / 2)] - 50;
    const cut2 = hitSeqs[hitSeqs.length - 1] - 10;
    expect(cut2).toBeGreaterThan(cut + 50);
    const db = storeOf(demo.slice(0, cut));
    try {
      append(db, demo.slice(cut, cut2));
      const first = expectIncrementalLikeFull(db, rules, cut);
      expect(first.scanned).toBeLessThan(cut2);
      append(db, demo.slice(cut2));
      const second = expectIncrementalLikeFull(db, rules, cut2);
      expect(first.hits.length).toBeGreaterThan(0);
      expect(second.hits.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 120_000);

  it('an incremental run knows the requester of a request made before its window', () => {
    // Mallory's five requests at 00:00; their policy evaluations are denied three hours later,
    // three in the first import and two in the next. The pack's widest window is two hours, so
    // the requests themselves lie before the incremental run's window: the burst of denials
    // (grouped by request.requester) needs them from the history.
    const requests: Short[] = Array.from({ length: 5 }, (_, i) => ({
      t: `00:00:0${i}`,
      actor: 'mallory@example.com',
      action: 'SIGNING_REQUESTED',
      entity: `SigningRequest/r${i}`,
      details: { requestId: `r${i}`, artifact: `a${i}.exe` },
    }));
    const denials: Short[] = Array.from({ length: 5 }, (_, i) => ({
      t: `03:00:0${i}`,
      actor: 'policy-engine',
      action: 'POLICY_EVALUATED',
      status: 'DENIED',
      entity: 'Policy/p1',
      details: { requestId: `r${i}`, policyResult: 'denied' },
    }));
    const all = records([...requests, ...denials]);
    const rules = pack();
    const db = storeOf(all.slice(0, 8));
    try {
      append(db, all.slice(8));
      const run = expectIncrementalLikeFull(db, rules, 8);
      const burst = run.hits.filter((h) => h.rule.title.startsWith('Burst'));
      expect(burst.map((h) => h.events.map((e) => e.seq))).toEqual([[6, 7, 8, 9, 10]]);
      expect(run.scanned).toBe(5);
    } finally {
      db.close();
    }
  });

  it('reads the incremental history through indexes, never a scan of the trail', () => {
    const db = storeOf(records([{ t: '00:00:00', actor: 'a', action: 'USER_LOGIN', entity: 'User/u' }]));
    try {
      const seen: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare;
      expect(Array.from(enrichmentHistory(db, '2026-03-02T00:00:00.000000Z', '2026-03-01T00:00:00.000000Z'))).toEqual(
        [],
      );
      const plan = (
        prepare(`EXPLAIN QUERY PLAN ${seen[0]}`).all({
          before: '2026-03-02T00:00:00.000000Z',
          denials: '2026-03-01T00:00:00.000000Z',
        }) as { detail: string }[]
      ).map((r) => r.detail);
      expect(plan.some((d) => d.startsWith('SCAN'))).toBe(false);
      expect(plan.join('\n')).toContain('events_category_ts');
      expect(plan.join('\n')).toMatch(/events_request \(request_id=\?\)/);
    } finally {
      db.close();
    }
  });
});
