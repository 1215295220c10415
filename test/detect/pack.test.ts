// Every rule of the shipped pack against its positive and negative test events, on real stores.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinPackDir } from '../../electron/detect/load';
import { hitsOf, pack, records, type Short } from './helpers';

interface Case {
  name: string;
  events: Short[];
  expect?: number[];
}
interface RuleTests {
  rule: string;
  positive: Case[];
  negative: Case[];
}

const dir = path.join(builtinPackDir(), 'tests');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));
const rules = pack();

describe('the shipped rule pack', () => {
  it('has test events for every rule that reports, and each rule has a description, level and tags', () => {
    const tested = new Set(files.map((f) => (parse(fs.readFileSync(path.join(dir, f), 'utf8')) as RuleTests).rule));
    const reporting = rules.filter(
      (r) => r.kind === 'correlation' || !rules.some((c) => c.kind === 'correlation' && c.rules.includes(r.meta.id)),
    );
    expect(reporting.length).toBe(10);
    for (const r of reporting) {
      expect(tested.has(r.meta.id), r.meta.title).toBe(true);
      expect(r.meta.description.length, r.meta.title).toBeGreaterThan(20);
      expect(
        r.meta.tags.some((t) => /^attack\.t\d{4}/.test(t)),
        r.meta.title,
      ).toBe(true);
    }
  });

  for (const file of files) {
    const tests = parse(fs.readFileSync(path.join(dir, file), 'utf8')) as RuleTests;
    describe(file, () => {
      for (const c of tests.positive) {
        it(`finds: ${c.name}`, () => {
          const recs = records(c.events);
          const { byRule } = hitsOf(rules, recs);
          const hits = byRule.get(tests.rule) ?? [];
          expect(hits.length, JSON.stringify([...byRule])).toBeGreaterThan(0);
          const wanted = (c.expect ?? []).map((n) => recs[n - 1].id).sort();
          const together = hits.find((h) => wanted.every((id) => h.includes(id)));
          // A correlation hit lists exactly the events that made it fire; a detection hit is one event.
          if (together) expect([...together].sort()).toEqual(wanted);
          else for (const id of wanted) expect(hits, id).toContainEqual([id]);
        });
      }
      for (const c of tests.negative) {
        it(`ignores: ${c.name}`, () => {
          const { byRule } = hitsOf(rules, records(c.events));
          expect(byRule.get(tests.rule) ?? []).toEqual([]);
        });
      }
    });
  }
});
