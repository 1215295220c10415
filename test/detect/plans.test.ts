// The store reads only what some rule's plan lets through (SQL over the events' columns, values
// always bound): rule values with SQL syntax in them match literally, plans narrow the run, and
// plans and code find the same hits on the demo case (every other detection test checks the same
// through helpers.hitsOf).
import { describe, expect, it } from 'vitest';
import { runRules } from '../../electron/detect/engine';
import { generateDemoEvents } from '../../electron/demo/generate';
import { eventsForPlans, planLets, ROW } from '../../electron/store/detections';
import { hitsOf, pack, rulesFrom, storeOf, type Short } from './helpers';

const HOSTILE = `o'brien%_--;x" OR 1=1`;
const EVENTS: Short[] = [
  { t: '08:00:00', actor: HOSTILE, action: 'USER_LOGIN', entity: 'User/a' },
  // Would match if % or _ were wildcards, or the quote ended a string.
  { t: '08:00:01', actor: `o'brienXY--;x" OR 1=1`, action: 'USER_LOGIN', entity: 'User/b' },
  { t: '08:00:02', actor: `o'brien%_--;x" or 1=1`, action: 'USER_LOGIN', entity: 'User/c' },
  { t: '08:00:03', actor: `ZZo'brien%_--;x" OR 1=1ZZ`, action: 'USER_LOGIN', entity: 'User/d' },
  { t: '08:00:04', actor: 'KELVIN-\u212a', action: 'USER_LOGIN', entity: 'User/e' },
  ...Array.from({ length: 40 }, (_, i) => ({
    t: `09:00:${String(i).padStart(2, '0')}`,
    actor: 'agent-1',
    action: 'AGENT_HEARTBEAT',
    entity: 'Agent/agent-1',
  })),
];

const rule = (item: string) =>
  `title: t\nid: r1\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    ${item}\n  condition: s\n`;
const seqsOf = (item: string) => {
  const { byRule, result } = hitsOf(rulesFrom(rule(item)), EVENTS);
  return { ids: (byRule.get('r1') ?? []).map((h) => h[0]), result };
};
const yamlString = (s: string) => JSON.stringify(s);

describe('rules compiled to SQL plans', () => {
  it("stay within SQLite's limits: a rule of 1,500 values, and a run of 1,100 rules", () => {
    // Before, each list was one flat OR chain, and the rules' flags another: past ~1,000 values or
    // rules SQLite refused the scan ("Expression tree is too large") and the whole run failed.
    const many = Array.from({ length: 1500 }, (_, i) => `\n      - svc-${i}`).join('');
    const big = `title: t\nid: big\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id:${many}\n  condition: s\n`;
    const events: Short[] = [
      { t: '10:00:00', actor: 'svc-1499', action: 'SIGNING_OPERATION', entity: 'Key/k1' },
      { t: '10:00:01', actor: 'svc-1500', action: 'SIGNING_OPERATION', entity: 'Key/k1' },
      { t: '10:00:02', actor: 'svc-7', action: 'SIGNING_OPERATION', entity: 'Key/k1' },
    ];
    const one = hitsOf(rulesFrom(big), events).byRule.get('big') ?? [];
    expect(one.map((h) => h[0])).toEqual(['evt-case-001', 'evt-case-003']);

    const rules = Array.from({ length: 6 }, (_, f) =>
      rulesFrom(
        Array.from({ length: 184 }, (_, j) => {
          const i = f * 184 + j;
          return `title: t${i}\nid: r${i}\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: svc-${i}\n  condition: s\n`;
        }).join('---\n'),
      ),
    ).flat();
    expect(rules).toHaveLength(1104);
    const { byRule } = hitsOf(rules, events);
    expect([...byRule.keys()].sort()).toEqual(['r7']);
  });

  it('matches values with quotes, %, _, -- and ; literally, as bound parameters', () => {
    expect(seqsOf(`actor.id|cased: ${yamlString(HOSTILE)}`).ids).toEqual(['evt-case-001']);
    expect(seqsOf(`actor.id: ${yamlString(HOSTILE)}`).ids).toEqual(['evt-case-001', 'evt-case-003']);
    expect(seqsOf(`actor.id|contains: ${yamlString(HOSTILE)}`).ids).toEqual([
      'evt-case-001',
      'evt-case-003',
      'evt-case-004',
    ]);
    expect(seqsOf(`actor.id|startswith: ${yamlString("o'brien%_")}`).ids).toEqual(['evt-case-001', 'evt-case-003']);
    expect(seqsOf(`actor.id|endswith: ${yamlString('--;x" OR 1=1')}`).ids).toEqual([
      'evt-case-001',
      'evt-case-002',
      'evt-case-003',
    ]);
    // JavaScript folds the Kelvin sign to k; SQLite's lower() does not, so the plan lets it through.
    expect(seqsOf('actor.id: kelvin-k').ids).toEqual(['evt-case-005']);
  });

  it('reads only the events a plan lets through', () => {
    const { ids, result } = seqsOf('action: USER_LOGIN');
    expect(ids).toHaveLength(5);
    expect(result.scanned).toBe(EVENTS.length);
    expect(result.read).toBe(5);
    // A rule the plans cannot narrow (a details member) reads everything.
    expect(seqsOf('details.x: 1').result.read).toBe(EVENTS.length);
  });

  it('puts rule values into the SQL only as parameters', () => {
    const db = storeOf(EVENTS);
    try {
      const [r] = rulesFrom(rule(`actor.id|contains: ${yamlString(HOSTILE)}`));
      if (r.kind !== 'detection') throw new Error('detection rule expected');
      const seen: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare;
      const rows = [...eventsForPlans(db, null, [r.prefilter])].filter((row) => planLets(row, 0));
      // 5 (non-ASCII) is let through for the code to decide; 2 is not.
      expect(rows.map((row) => row[ROW.seq])).toEqual([1, 3, 4, 5]);
      expect(seen.join('\n')).not.toContain('brien');
    } finally {
      db.close();
    }
  });

  it('finds the same hits on the demo case as code evaluation, reading fewer events', () => {
    const demo = [...generateDemoEvents({ count: 6_000 })];
    const rules = pack();
    const db = storeOf(demo);
    try {
      const plans = runRules(db, rules);
      const code = runRules(db, rules, { evaluation: 'code' });
      expect(plans.hits.length).toBeGreaterThan(0);
      expect(plans.hits).toEqual(code.hits);
      expect(plans.rules).toEqual(code.rules);
      expect(code.read).toBe(demo.length);
      expect(plans.read).toBeLessThan(demo.length);
    } finally {
      db.close();
    }
  });
});
