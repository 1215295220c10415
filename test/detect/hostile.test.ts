// Rule files are hostile input (the attack review's patterns): wildcards never backtrack, the `re`
// modifier refuses the shapes that do, and a rule that still takes too long is stopped by the run's
// time limit, named with its file, line and field, while the other rules run on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectHandlers } from '../../electron/detect/handlers';
import { loadRules } from '../../electron/detect/load';
import { compileSettings } from '../../electron/detect/settings';
import { stringMatcher, type StringMode } from '../../electron/detect/wildcard';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { tempDir } from '../helpers/tmp';
import { storeWith } from '../helpers/store';
import { hitsOf, records, rulesFrom, storeOf, type Short } from './helpers';

const long = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

const EVENTS: Short[] = [
  {
    t: '08:00:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN',
    entity: 'User/bob',
    details: { note: long('a', 200) },
  },
  {
    t: '08:00:01',
    actor: 'bob@example.com',
    action: 'USER_LOGIN',
    entity: 'User/bob',
    details: { note: long('a', 70_000) },
  },
  {
    t: '08:00:02',
    actor: 'bob@example.com',
    action: 'USER_LOGIN',
    entity: 'User/bob',
    details: { note: long('ab', 4096) },
  },
  {
    t: '08:00:03',
    actor: 'eve@example.com',
    action: 'USER_LOGIN',
    entity: 'User/eve',
    details: { note: 'aaaaaaaaaaab' },
  },
];

const rule = (id: string, item: string) =>
  `title: ${id}\nid: ${id}\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    ${item}\n  condition: s\n`;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('hostile rule files', () => {
  it('wildcards such as *a*a*a*b match in linear time, on 200 and on 70,000 characters', () => {
    const rules = rulesFrom(
      [
        rule('w1', "details.note: '*a*a*a*a*a*a*a*a*a*b'"),
        rule('w2', "details.note|contains: 'a*a*a*a*a*a*a*a*a*b'"),
        rule('w3', "details.note: '?a*a?a*a*a*a*a*a*a*b'"),
      ].join('---\n'),
    );
    const { value, ms } = timed(() => hitsOf(rules, EVENTS).byRule);
    // The backtracking regex these compiled to before took minutes on the 200-character event.
    expect(ms).toBeLessThan(5_000);
    expect(value.get('w1')).toEqual([['evt-case-003'], ['evt-case-004']]);
    expect(value.get('w2')).toEqual([['evt-case-003'], ['evt-case-004']]);
    expect(value.get('w3')).toEqual([['evt-case-004']]);
  });

  it('the linear matcher agrees with the regular expression it replaced, on random patterns', () => {
    // Reference: the old translation to an anchored regex, safe here on short strings.
    const reference = (pattern: string, mode: StringMode, text: string) => {
      let source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('');
      if (mode === 'contains' || mode === 'endswith') source = '.*' + source;
      if (mode === 'contains' || mode === 'startswith') source += '.*';
      return new RegExp(`^(?:${source})$`, 'is').test(text);
    };
    let seed = 12345;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const word = (alphabet: string, max: number) =>
      Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
    const modes: StringMode[] = ['exact', 'contains', 'startswith', 'endswith'];
    for (let i = 0; i < 5_000; i++) {
      const pattern = word('aAb*?', 6);
      const text = word('abB', 10);
      const mode = modes[rand(4)];
      expect([pattern, mode, text, stringMatcher(pattern, mode, false)(text)]).toEqual([
        pattern,
        mode,
        text,
        reference(pattern, mode, text),
      ]);
    }
  });

  it('refuses regular expressions that backtrack, naming the file, line and field', () => {
    const refused: [string, RegExp][] = [
      ['[]|(a+)+b|]', /nests a repetition/],
      ['.*.*.*.*.*.*x', /unbounded repetitions next to each other/],
      ['\\d+\\d*-', /unbounded repetitions next to each other/],
      ['(a|aa)+$', /nests a repetition/],
      ['((ab)*)*c', /nests a repetition/],
      ['(?=a)b', /lookaround/],
      ['(?<!a)b', /lookaround/],
      ['(a)\\1', /backreference/],
      ['(?<x>a)\\k<x>', /backreference/],
      ['(a?){30}a{30}', /nests a repetition/],
    ];
    for (const [pattern, why] of refused) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'hostile.yml'), rule('h', `details.note|re: '${pattern}'`));
      const { value: loaded, ms } = timed(() =>
        loadRules({ dirs: [dir], builtin: false, settings: compileSettings() }),
      );
      expect(ms).toBeLessThan(1_000);
      expect(loaded.rules).toEqual([]);
      expect(loaded.errors).toHaveLength(1);
      const e = loaded.errors[0];
      expect(e.file).toBe(path.join(dir, 'hostile.yml'));
      expect(e.line).toBe(7);
      expect(e.problem).toMatch(/^details\.note\|re: regular expression refused: /);
      expect(e.problem).toMatch(why);
    }
    // Ordinary patterns still load.
    for (const ok of ['^SSO$', '^release/[a-z]+-\\d+\\.\\d+\\.msi$', '(?:abc)+x', '[\\]]+', 'a{2,}b'])
      expect(() => rulesFrom(rule('ok', `details.note|re: '${ok}'`))).not.toThrow();
  });

  it.each([
    ['a store file', () => storeOf(EVENTS)],
    // Before, a store without a file ran on the calling thread with no time limit at all.
    ['a store in memory', () => storeWith(records(EVENTS), ':memory:')],
  ])(
    'stops a rule that exceeds its time budget on %s, names its file, line and field, and runs the others',
    async (_, open) => {
      const dir = tempDir();
      // a.*b.*c passes the check (no nesting, not adjacent) but is cubic on 4,096 characters of "abab…".
      fs.writeFileSync(path.join(dir, 'slow.yml'), rule('slow', "details.note|re: 'a.*b.*c'"));
      fs.writeFileSync(path.join(dir, 'eve.yml'), rule('eve', 'actor.id: eve@example.com'));
      const db = open();
      try {
        const h = detectHandlers(db, { ruleDirs: [dir], builtin: false, ruleBudgetMs: 500 });
        const t0 = performance.now();
        const report = await h['detect.run'](parseArgs('detect.run', {}), noJobContext());
        // Two worker starts (the second without the slow rule) and the budget; the regex alone runs for minutes.
        expect(performance.now() - t0).toBeLessThan(60_000);
        expect(report.hits.map((x) => [x.rule.id, x.events.map((e) => e.seq)])).toEqual([['eve', [4]]]);
        expect(report.errors).toEqual([
          {
            file: path.join(dir, 'slow.yml'),
            line: 1,
            problem:
              'rule "slow" exceeded its time budget of 500 ms on field "details.note" at event seq 3: it was stopped and the other rules ran without it',
          },
        ]);
        expect(report.rules.map((r) => r.id)).toEqual(['eve']);
      } finally {
        db.close();
      }
    },
    120_000,
  );
});
