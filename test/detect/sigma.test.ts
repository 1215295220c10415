// Sigma semantics on a real store: every modifier, condition form and correlation type, and the
// loader's refusals naming file, line and problem.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, parseRuleText } from '../../electron/detect/load';
import { compileSettings } from '../../electron/detect/settings';
import { tempDir } from '../helpers/tmp';
import { hitsOf, records, rulesFrom, type Short } from './helpers';

const EVENTS: Short[] = [
  /* 1 */ {
    t: '03:14:07',
    actor: 'dave@example.com',
    action: 'SIGNING_OPERATION',
    entity: 'Key/key-a',
    details: {
      keyId: 'key-a',
      artifact: 'release/app-4.2.1.msi',
      keySize: 2048,
      digest_algorithm: 'SHA-1',
      nested: { deep: { value: 'x*y' } },
    },
  },
  /* 2 */ {
    t: '08:00:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN',
    entity: 'User/bob@example.com',
    details: { ip: '10.20.4.11', method: 'SSO' },
  },
  /* 3 */ {
    t: '08:00:10',
    actor: 'bob@example.com',
    action: 'USER_LOGIN_FAILED',
    status: 'FAILURE',
    entity: 'User/bob@example.com',
    details: { ip: '192.168.40.23', reason: 'invalid password' },
  },
  /* 4 */ {
    t: '08:00:20',
    actor: 'carol@example.com',
    action: 'USER_LOGIN',
    entity: 'User/carol@example.com',
    details: { ip: 'fd00::1', method: 'password+MFA' },
  },
  /* 5 */ {
    t: '09:30:00',
    actor: 'svc-ci-build',
    action: 'SIGNING_OPERATION',
    entity: 'Key/key-b',
    details: {
      key_id: 'key-b',
      artifact: 'builds/agent-installer-2.3.0.exe',
      key_size: 3072,
      digestAlgorithm: 'SHA-256',
    },
  },
  /* 6 */ {
    t: '2026-03-08T12:00:00.000000Z',
    actor: 'erin@example.com',
    action: 'APPROVAL_GRANTED',
    entity: 'SigningRequest/req-1',
    details: { requestId: 'req-1', comment: 'Line one\nLINE two' },
  },
];

function run(yamlText: string) {
  return hitsOf(rulesFrom(yamlText), EVENTS).byRule;
}

/** The 1-based event numbers the rule `r1` hits. */
function hits(detection: string, extra = ''): number[] {
  const byRule = run(
    `title: t\nid: r1\nlogsource:\n  product: signtrail\n${extra}detection:\n${detection
      .trim()
      .split('\n')
      .map((l) => '  ' + l)
      .join('\n')}\n`,
  );
  const ids = records(EVENTS).map((r) => r.id);
  return (byRule.get('r1') ?? []).map((h) => ids.indexOf(h[0]) + 1).sort((a, b) => a - b);
}

describe('Sigma detection semantics', () => {
  it('plain values: exact, case-insensitive, lists OR, maps AND, numbers and null', () => {
    expect(hits('s:\n  action: user_login\ncondition: s')).toEqual([2, 4]);
    expect(hits('s:\n  action: [USER_LOGIN, USER_LOGIN_FAILED]\n  actor.id: bob@example.com\ncondition: s')).toEqual([
      2, 3,
    ]);
    expect(hits('s:\n  - action: USER_LOGIN\n  - status: FAILURE\ncondition: s')).toEqual([2, 3, 4]);
    expect(hits('s:\n  details.key_size: 2048\ncondition: s')).toEqual([1]);
    expect(hits('s:\n  details.ip: null\n  category: signing\ncondition: s')).toEqual([1, 5]);
    expect(hits('s:\n  action|cased: user_login\ncondition: s')).toEqual([]);
  });

  it('wildcards * and ? with escapes', () => {
    expect(hits("s:\n  details.artifact: 'release/*.msi'\ncondition: s")).toEqual([1]);
    expect(hits("s:\n  details.artifact: 'builds/agent-installer-?.3.0.exe'\ncondition: s")).toEqual([5]);
    expect(hits("s:\n  details.nested.deep.value: 'x\\*y'\ncondition: s")).toEqual([1]);
    expect(hits("s:\n  details.nested.deep.value: 'x\\?y'\ncondition: s")).toEqual([]);
  });

  it('contains, startswith, endswith, all, neq', () => {
    expect(hits('s:\n  details.artifact|contains: INSTALLER\ncondition: s')).toEqual([5]);
    expect(hits('s:\n  actor.id|startswith: svc-\ncondition: s')).toEqual([5]);
    expect(hits('s:\n  details.artifact|endswith: [.msi, .exe]\ncondition: s')).toEqual([1, 5]);
    expect(hits('s:\n  details.artifact|contains|all: [app, "4.2"]\ncondition: s')).toEqual([1]);
    expect(hits('s:\n  action|neq: [USER_LOGIN, SIGNING_OPERATION]\ncondition: s')).toEqual([3, 6]);
  });

  it('re with i, m and s flags, and refuses catastrophic patterns', () => {
    expect(hits("s:\n  details.method|re: '^SSO$'\ncondition: s")).toEqual([2]);
    expect(hits("s:\n  details.method|re: '^sso$'\ncondition: s")).toEqual([]);
    expect(hits("s:\n  details.method|re|i: '^sso$'\ncondition: s")).toEqual([2]);
    expect(hits("s:\n  details.comment|re: '^LINE two$'\ncondition: s")).toEqual([]);
    expect(hits("s:\n  details.comment|re|m: '^LINE two$'\ncondition: s")).toEqual([6]);
    expect(hits("s:\n  details.comment|re: 'one.LINE'\ncondition: s")).toEqual([]);
    expect(hits("s:\n  details.comment|re|s: 'one.LINE'\ncondition: s")).toEqual([6]);
    for (const bad of ['(a+)+$', '(x|xx)*y', '(\\w*\\s?)*$', '(a)\\1'])
      expect(() =>
        rulesFrom(
          `title: t\nlogsource: {product: signtrail}\ndetection:\n  s:\n    action|re: '${bad}'\n  condition: s\n`,
        ),
      ).toThrow(/test\.yml:5: .*(exponential)/);
  });

  it('cidr on IPv4 and IPv6, exists, lt/lte/gt/gte', () => {
    expect(hits('s:\n  details.ip|cidr: 10.0.0.0/8\ncondition: s')).toEqual([2]);
    expect(hits("s:\n  details.ip|cidr: [192.168.0.0/16, 'fd00::/8']\ncondition: s")).toEqual([3, 4]);
    expect(hits('s:\n  details.ip|exists: true\ncondition: s')).toEqual([2, 3, 4]);
    expect(hits('s:\n  details.reason|exists: false\n  actor.id: bob@example.com\ncondition: s')).toEqual([2]);
    expect(hits('s:\n  details.key_size|lt: 3072\ncondition: s')).toEqual([1]);
    expect(hits('s:\n  details.key_size|lte: 3072\ncondition: s')).toEqual([1, 5]);
    expect(hits('s:\n  details.key_size|gt: 2048\ncondition: s')).toEqual([5]);
    expect(hits('s:\n  details.key_size|gte: 2048\ncondition: s')).toEqual([1, 5]);
    expect(hits("s:\n  timestamp|gte: '2026-03-05T00:00:00Z'\ncondition: s")).toEqual([6]);
  });

  it('fieldref, and details members matched in snake_case or camelCase', () => {
    expect(hits('s:\n  entity.id|fieldref: key_id\ncondition: s')).toEqual([1, 5]);
    expect(hits('s:\n  details.digest_algorithm: SHA-256\ncondition: s')).toEqual([5]);
    expect(hits('s:\n  details.digestAlgorithm: SHA-1\ncondition: s')).toEqual([1]);
    expect(hits('s:\n  details.key_id: [key-a, key-b]\ncondition: s')).toEqual([1, 5]);
    expect(hits('s:\n  details.requestId: req-1\ncondition: s')).toEqual([6]);
  });

  it('time modifiers on timestamp in the zone the settings name', () => {
    expect(hits('s:\n  timestamp|hour: 3\ncondition: s')).toEqual([1]);
    expect(hits('s:\n  timestamp|hour|gte: 9\ncondition: s')).toEqual([5, 6]);
    expect(hits('s:\n  timestamp|minute: 30\ncondition: s')).toEqual([5]);
    expect(hits('s:\n  timestamp|day: 8\ncondition: s')).toEqual([6]);
    expect(hits('s:\n  timestamp|week: 10\ncondition: s')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hits('s:\n  timestamp|month: 3\n  timestamp|year: 2026\ncondition: s')).toEqual([1, 2, 3, 4, 5, 6]);
    // 03:14 UTC is 22:14 the day before in New York (EST, UTC-5, before DST on 8 March).
    const ny = hitsOf(
      rulesFrom(
        `title: t\nid: r1\nlogsource: {product: signtrail}\ndetection:\n  s:\n    timestamp|hour: 22\n    timestamp|day: 1\n  condition: s\n`,
        {
          timeZone: 'America/New_York',
          workingHours: { start: 7, end: 20 },
        },
      ),
      EVENTS,
    ).byRule.get('r1');
    expect(ny?.length).toBe(1);
  });

  it('expand placeholders from the settings', () => {
    expect(hits("s:\n  timestamp|hour|expand: '%off_hours%'\ncondition: s")).toEqual([1]);
    expect(hits("s:\n  timestamp|hour|expand: '%working_hours%'\ncondition: s")).toEqual([2, 3, 4, 5, 6]);
  });

  it('keywords search the keyword index, alone and with fields', () => {
    expect(hits("k:\n  - 'app-4.2.1.msi'\ncondition: k")).toEqual([1]);
    expect(hits("k:\n  - 'invalid password'\n  - installer\ncondition: k")).toEqual([3, 5]);
    expect(hits('k:\n  - SSO\ns:\n  actor.id: bob@example.com\ncondition: k and s')).toEqual([2]);
    expect(hits("k:\n  '|all':\n    - bob\n    - invalid\ncondition: k")).toEqual([3]);
  });

  it('conditions: and, or, not, parentheses, 1 of, all of, them, wildcards', () => {
    const sel =
      'sel_login:\n  action: USER_LOGIN\nsel_bob:\n  actor.id: bob@example.com\nfilter_sso:\n  details.method: SSO\n';
    expect(hits(sel + 'condition: sel_login and not filter_sso')).toEqual([4]);
    expect(hits(sel + 'condition: sel_login or sel_bob')).toEqual([2, 3, 4]);
    expect(hits(sel + 'condition: (sel_login or sel_bob) and not (filter_sso)')).toEqual([3, 4]);
    expect(hits(sel + 'condition: 1 of sel_*')).toEqual([2, 3, 4]);
    expect(hits(sel + 'condition: all of sel_*')).toEqual([2]);
    expect(hits(sel + 'condition: all of them')).toEqual([2]);
    expect(hits(sel + 'condition: 1 of them and not filter_*')).toEqual([3, 4]);
    expect(hits(sel + 'condition: 2 of them')).toEqual([2]);
    expect(hits(sel + 'condition: not sel_login and not sel_bob')).toEqual([1, 5, 6]);
  });

  it('logsource category limits the rule to one category', () => {
    expect(hits('s:\n  actor.id|contains: example\ncondition: s', '  category: user_activity\n')).toEqual([2, 3, 4]);
    expect(hits('s:\n  actor.id|contains: example\ncondition: s', '  category: signing_operations\n')).toEqual([1]);
  });
});

const CORR_EVENTS: Short[] = [
  /* 1 */ {
    t: '10:00:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN_FAILED',
    status: 'FAILURE',
    entity: 'User/bob',
    details: { ip: '10.0.0.1' },
  },
  /* 2 */ {
    t: '10:01:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN_FAILED',
    status: 'FAILURE',
    entity: 'User/bob',
    details: { ip: '10.0.0.2' },
  },
  /* 3 */ {
    t: '10:02:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN_FAILED',
    status: 'FAILURE',
    entity: 'User/bob',
    details: { ip: '10.0.0.3' },
  },
  /* 4 */ {
    t: '10:03:00',
    actor: 'carol@example.com',
    action: 'USER_LOGIN_FAILED',
    status: 'FAILURE',
    entity: 'User/carol',
    details: { ip: '10.0.0.1' },
  },
  /* 5 */ {
    t: '10:04:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN',
    entity: 'User/bob',
    details: { ip: '10.0.0.3' },
  },
  /* 6 */ {
    t: '12:00:00',
    actor: 'bob@example.com',
    action: 'USER_LOGIN_FAILED',
    status: 'FAILURE',
    entity: 'User/bob',
    details: { ip: '10.0.0.9' },
  },
  /* 7 */ {
    t: '12:30:00',
    actor: 'carol@example.com',
    action: 'USER_LOGIN',
    entity: 'User/carol',
    details: { ip: '10.0.0.1' },
  },
];

const BASE = `---
title: failed
id: failed
name: failed_login
logsource: {product: signtrail}
detection:
  s: {action: USER_LOGIN_FAILED}
  condition: s
---
title: ok
id: ok
name: good_login
logsource: {product: signtrail}
detection:
  s: {action: USER_LOGIN}
  condition: s
`;

function corr(body: string, extra = ''): { hits: number[][]; byRule: Map<string, string[][]> } {
  const text = `title: c\nid: c\n${extra}correlation:\n${body
    .trim()
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n')}\n${BASE}`;
  const { byRule } = hitsOf(rulesFrom(text), CORR_EVENTS);
  const ids = records(CORR_EVENTS).map((r) => r.id);
  return { hits: (byRule.get('c') ?? []).map((h) => h.map((id) => ids.indexOf(id) + 1)), byRule };
}

describe('Sigma correlation rules', () => {
  it('event_count per group within the timespan, base rules silent', () => {
    const r = corr('type: event_count\nrules: [failed_login]\ngroup-by: [actor.id]\ntimespan: 5m\ncondition: {gte: 3}');
    expect(r.hits).toEqual([[1, 2, 3]]);
    expect(r.byRule.has('failed')).toBe(false);
    expect(r.byRule.has('ok')).toBe(true); // not referenced: reports on its own
    expect(
      corr('type: event_count\nrules: [failed_login]\ngroup-by: [actor.id]\ntimespan: 1m\ncondition: {gte: 3}').hits,
    ).toEqual([]);
    expect(corr('type: event_count\nrules: [failed]\ntimespan: 5m\ncondition: {gte: 4}').hits).toEqual([[1, 2, 3, 4]]);
  });

  it('generate: true lets the base rules report too', () => {
    const r = corr(
      'type: event_count\nrules: [failed_login]\ngroup-by: [actor.id]\ntimespan: 5m\ncondition: {gte: 3}',
      'generate: true\n',
    );
    expect(r.byRule.get('failed')?.length).toBe(5);
  });

  it('value_count of distinct values per group', () => {
    expect(
      corr(
        'type: value_count\nrules: [failed_login]\ngroup-by: [actor.id]\ntimespan: 10m\ncondition: {field: details.ip, gte: 3}',
      ).hits,
    ).toEqual([[1, 2, 3]]);
    expect(
      corr(
        'type: value_count\nrules: [failed_login]\ngroup-by: [details.ip]\ntimespan: 10m\ncondition: {field: actor.id, gt: 1}',
      ).hits,
    ).toEqual([[1, 4]]);
  });

  it('temporal in any order, and temporal_ordered only in the given order', () => {
    expect(corr('type: temporal\nrules: [good_login, failed_login]\ngroup-by: [actor.id]\ntimespan: 2m').hits).toEqual([
      [3, 5],
    ]);
    expect(
      corr('type: temporal_ordered\nrules: [failed_login, good_login]\ngroup-by: [actor.id]\ntimespan: 2m').hits,
    ).toEqual([[3, 5]]);
    expect(
      corr('type: temporal_ordered\nrules: [good_login, failed_login]\ngroup-by: [actor.id]\ntimespan: 3h').hits,
    ).toEqual([[5, 6]]);
    expect(
      corr('type: temporal_ordered\nrules: [good_login, failed_login]\ngroup-by: [actor.id]\ntimespan: 1h').hits,
    ).toEqual([]);
  });

  it('aliases group different fields of different rules', () => {
    const r = corr(
      'type: temporal_ordered\nrules: [failed_login, good_login]\ngroup-by: [address]\ntimespan: 3h\naliases:\n  address:\n    failed_login: details.ip\n    good_login: details.ip',
    );
    expect(r.hits).toEqual([
      [3, 5],
      [4, 7],
    ]);
  });

  it('chained correlations: many failures, then a success by the same actor', () => {
    const text = `title: chain
id: chain
correlation:
  type: temporal_ordered
  rules: [many_failed, good_login]
  group-by: [actor.id]
  timespan: 10m
---
title: many
id: many
name: many_failed
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [actor.id]
  timespan: 5m
  condition: {gte: 3}
${BASE}`;
    const { byRule } = hitsOf(rulesFrom(text), CORR_EVENTS);
    const ids = records(CORR_EVENTS).map((r) => r.id);
    expect((byRule.get('chain') ?? []).map((h) => h.map((id) => ids.indexOf(id) + 1))).toEqual([[1, 2, 3, 5]]);
    expect(byRule.has('many')).toBe(false);
  });
});

function errorsOf(text: string) {
  return parseRuleText('rules/bad.yml', text, compileSettings()).errors.map((e) => e.message);
}

describe('refusing bad rules with file, line and problem', () => {
  const ok = 'title: t\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    action: X\n  condition: s\n';
  it('accepts a plain Sigma rule, and parses unquoted dates as the dates Sigma means', () => {
    expect(errorsOf(ok + 'date: 2026-11-30\nmodified: 2026/12/01\n')).toEqual([]);
    const [rule] = parseRuleText('r.yml', ok + 'date: 2026-11-30\n', compileSettings()).rules;
    expect(rule.meta.title).toBe('t');
    expect(errorsOf(ok + 'date: 30.11.2026\n')).toEqual([
      'rules/bad.yml:8: "date" must be a date such as 2026-11-30, not "30.11.2026"',
    ]);
  });

  it('names the line of each problem', () => {
    expect(errorsOf('title: t\nlogsource:\n  product: windows\ndetection:\n  s: {a: 1}\n  condition: s\n')).toEqual([
      'rules/bad.yml:3: logsource product "windows" is not signtrail: this rule is for other logs',
    ]);
    expect(errorsOf(ok.replace('action: X', 'CommandLine: X'))[0]).toMatch(
      /^rules\/bad\.yml:6: unknown field "CommandLine"/,
    );
    expect(errorsOf(ok.replace('action: X', 'action|base64: X'))[0]).toMatch(
      /^rules\/bad\.yml:6: .*"base64" is Sigma but not supported/,
    );
    expect(errorsOf(ok.replace('action: X', 'action|sometimes: X'))[0]).toMatch(
      /^rules\/bad\.yml:6: .*unknown modifier "sometimes"/,
    );
    expect(errorsOf(ok.replace('condition: s', 'condition: s and missing'))).toEqual([
      'rules/bad.yml:7: the condition names "missing", which is not a selection of this rule',
    ]);
    expect(errorsOf(ok.replace('condition: s', 'condition: (s'))[0]).toMatch(/:7: a \( in the condition is not closed/);
    expect(errorsOf(ok.replace('condition: s', 'condition: 1 of x_*'))[0]).toMatch(
      /:7: "x_\*" in the condition names no selection/,
    );
    expect(errorsOf(ok.replace('condition: s', 'condition: s | count() > 5'))[0]).toMatch(/:7: .*obsolete/);
    expect(errorsOf('title: t\nlogsource: {product: signtrail}\ndetection:\n  s:\n    action: [\n')[0]).toMatch(
      /^rules\/bad\.yml:\d+: not valid YAML/,
    );
    expect(
      errorsOf('title: t\nlevel: severe\nlogsource: {product: signtrail}\ndetection: {s: {action: X}, condition: s}\n'),
    ).toEqual(['rules/bad.yml:2: "level" must be one of informational, low, medium, high, critical, not "severe"']);
    expect(
      errorsOf(
        'title: t\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 5 minutes\n  condition: {gte: 2}\n',
      ),
    ).toEqual(['rules/bad.yml:5: "timespan" must be a number and s, m, h or d, such as 10m']);
    expect(errorsOf('title: t\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 5m\n')[0]).toMatch(
      /:3: an event_count correlation needs a condition/,
    );
  });

  it('refuses a correlation naming a rule that is not loaded, and keeps running the rest', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'good.yml'), ok);
    fs.writeFileSync(
      path.join(dir, 'corr.yml'),
      'title: c\ncorrelation:\n  type: temporal\n  rules: [nowhere]\n  timespan: 5m\n',
    );
    const loaded = loadRules({ dirs: [dir], builtin: false, settings: compileSettings() });
    expect(loaded.rules.map((r) => r.meta.title)).toEqual(['t']);
    expect(loaded.errors.map((e) => e.message)).toEqual([
      `${path.join(dir, 'corr.yml')}:1: correlation "c" refers to rule "nowhere", which is not loaded`,
    ]);
  });
});
