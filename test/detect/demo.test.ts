// The pack over a generated demo case finds each planted anomaly of docs/demo.md and nothing
// else, and over a clean control case (the same demo without the planted anomalies) nothing.
import { describe, expect, it } from 'vitest';
import { DEMO_ANOMALIES, generateDemoEvents } from '../../electron/demo/generate';
import { hitsOf, pack } from './helpers';

const RETIRED_KEY = '6b11cbc1-2a6b-40cb-81b1-7af87b0f2e69';
const DENIAL_BURST = 'a5b06295-3759-4835-a584-7061a0f7c3b6';
const OFF_HOURS = '93668971-aafd-49da-a6a4-3c20df6cc741';

const demo = [...generateDemoEvents({ count: 14_000 })];
/** The planted anomalies' events have fixed IDs (evt-0…0a00001xx, …2xx, …3xx; 0xx is the opening). */
const planted = (id: string) => /^evt-0{24}a0000[123]/.test(id);
const rules = pack();

describe('the pack over the demo case', () => {
  it('finds the key used after its revocation, the denial burst and the 3 a.m. signing, and nothing else', () => {
    const { byRule, result } = hitsOf(rules, demo);
    const a = DEMO_ANOMALIES;
    expect(byRule.get(RETIRED_KEY)).toEqual([[a.keyUsedAfterRevocation.signingEventId]]);
    expect(byRule.get(DENIAL_BURST)).toEqual([a.denialBurst.eventIds]);
    expect(byRule.get(OFF_HOURS)).toEqual([[a.nightSigning.eventId]]);
    expect([...byRule.keys()].sort()).toEqual([DENIAL_BURST, OFF_HOURS, RETIRED_KEY].sort());
    expect(result.scanned).toBe(demo.length);
    const burst = result.hits.find((h) => h.rule.id === DENIAL_BURST)!;
    expect(burst.rule.level).toBe('high');
    expect(burst.rule.tags).toContain('attack.t1110');
  });

  it('finds nothing in the clean control case', () => {
    const clean = demo.filter((r) => !planted(r.id));
    expect(demo.length - clean.length).toBe(3 + 1 + 3 + 8);
    const { result } = hitsOf(rules, clean);
    expect(result.hits).toEqual([]);
    expect(result.rules.length).toBe(rules.length);
  });
});
