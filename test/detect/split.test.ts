// A full run split by time over workers (split.ts) must give exactly the hits, rule counts and
// lifecycle states of one run over the whole trail: its later parts start from the enrichment
// state and correlation windows at their cut. The case below puts each kind of state that crosses
// a cut across 12:00: a key and a certificate revoked just before it, a signing request whose
// approval, policy result or denial comes after it, a denial burst that fires on both sides
// (one hit in one run), a correlation window and the 24 h denial memory.
import { describe, expect, it } from 'vitest';
import { runRules, type RunPart, type RunResult } from '../../electron/detect/engine';
import { runGuarded } from '../../electron/detect/runWorker';
import { mergeParts, runSplit, splitParts } from '../../electron/detect/split';
import { DEFAULT_DETECTION_SETTINGS } from '../../electron/detect/settings';
import { generateDemoEvents } from '../../electron/demo/generate';
import { noJobContext } from '../../shared/handlers';
import { pack, records, storeOf, type Short } from './helpers';

const T = '2026-03-02T12:00:00.000000Z';
const at = (hms: string) => `2026-03-02T${hms}.000000Z`;
const ev = (
  t: string,
  actor: string,
  action: string,
  entity: string,
  details: Short['details'] = {},
  status?: Short['status'],
): Short => ({ t: at(t), actor, action, entity, details, ...(status ? { status } : {}) });
const denied = (t: string, actor: string, req: string): Short => ({
  t: at(t),
  actor,
  action: 'SIGNING_REQUESTED',
  status: 'DENIED',
  entity: `SigningRequest/${req}`,
  details: { requestId: req, artifact: `build/${req}.msi` },
});

const STRADDLING: Short[] = [
  // A key and a certificate of another key, revoked just before the cut; signings with them after it.
  ev('06:00:00', 'grace@example.com', 'KEY_GENERATED', 'Key/key-a', { algorithm: 'RSA-3072', keySize: 3072 }),
  ev('06:00:00', 'grace@example.com', 'KEY_GENERATED', 'Key/key-c', { algorithm: 'RSA-3072', keySize: 3072 }),
  ev('06:01:00', 'grace@example.com', 'CERTIFICATE_UPLOADED', 'Certificate/cert-1', {
    keyId: 'key-c',
    notAfter: '2027-01-01T00:00:00Z',
  }),
  // The 24 h denial memory: bob's artifact denied by pol-release ten hours before the cut.
  ev('02:00:00', 'bob@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-o', {
    requestId: 'req-o',
    artifact: 'release/app.msi',
  }),
  ev(
    '02:00:01',
    'system',
    'POLICY_EVALUATED',
    'Policy/pol-release',
    { requestId: 'req-o', policyResult: 'fail' },
    'DENIED',
  ),
  // Another request that policy denied within the window, the policy loosened, then bob signs after the cut.
  ev('11:00:00', 'carol@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-c', {
    requestId: 'req-c',
    artifact: 'lib/x.dll',
  }),
  ev(
    '11:00:01',
    'system',
    'POLICY_EVALUATED',
    'Policy/pol-release',
    { requestId: 'req-c', policyResult: 'fail' },
    'DENIED',
  ),
  ev('11:30:00', 'alice@example.com', 'POLICY_UPDATED', 'Policy/pol-release', { change: 'drop SBOM rule' }),
  ev('12:10:00', 'bob@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-n', {
    requestId: 'req-n',
    artifact: 'release/app.msi',
  }),
  ev('12:11:00', 'svc-ci-build', 'SIGNING_OPERATION', 'Key/key-b', { requestId: 'req-n', keyId: 'key-b' }),
  // A throw-away key: generated and used before the cut, deactivated after it (one window).
  ev('11:40:00', 'dave@example.com', 'KEY_GENERATED', 'Key/key-s', { algorithm: 'RSA-4096', keySize: 4096 }),
  ev('11:50:00', 'dave@example.com', 'SIGNING_OPERATION', 'Key/key-s', { keyId: 'key-s', requestId: 'req-s' }),
  ev('12:05:00', 'dave@example.com', 'KEY_DEACTIVATED', 'Key/key-s'),
  // Self-approval: requested before the cut, approved by the requester after it.
  ev('11:58:00', 'frank@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-1', { requestId: 'req-1' }),
  ev('12:02:00', 'frank@example.com', 'APPROVAL_GRANTED', 'SigningRequest/req-1', { requestId: 'req-1' }),
  // A request open for longer than the correlations' reach, its approval the first event after a
  // 2 h gap: the later part's history must find it (a cut at 05:30).
  ev('03:00:00', 'oscar@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-long', { requestId: 'req-long' }),
  ev('05:30:00', 'oscar@example.com', 'APPROVAL_GRANTED', 'SigningRequest/req-long', { requestId: 'req-long' }),
  // Approval asked before the cut and never granted; signed after it. And one approved before it.
  ev('11:57:00', 'heidi@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-2', { requestId: 'req-2' }),
  ev('11:57:01', 'system', 'POLICY_EVALUATED', 'Policy/pol-std', {
    requestId: 'req-2',
    policyResult: 'approval_required',
  }),
  ev('12:03:00', 'svc-ci-build', 'SIGNING_OPERATION', 'Key/key-b', { requestId: 'req-2', keyId: 'key-b' }),
  ev('11:56:00', 'ivan@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-3', { requestId: 'req-3' }),
  ev('11:56:01', 'system', 'POLICY_EVALUATED', 'Policy/pol-std', {
    requestId: 'req-3',
    policyResult: 'approval_required',
  }),
  ev('11:59:00', 'judy@example.com', 'APPROVAL_GRANTED', 'SigningRequest/req-3', { requestId: 'req-3' }),
  ev('12:04:00', 'svc-ci-build', 'SIGNING_OPERATION', 'Key/key-b', { requestId: 'req-3', keyId: 'key-b' }),
  // Revocations just before the cut, signings just after.
  ev('11:59:59', 'grace@example.com', 'KEY_REVOKED', 'Key/key-a', { reason: 'keyCompromise' }),
  ev('11:59:30', 'grace@example.com', 'CERTIFICATE_REVOKED', 'Certificate/cert-1'),
  ev('12:00:01', 'svc-ci-build', 'SIGNING_OPERATION', 'Key/key-a', { keyId: 'key-a', requestId: 'req-4' }),
  ev('12:03:30', 'svc-ci-build', 'SIGNING_OPERATION', 'Key/key-c', { keyId: 'key-c', requestId: 'req-5' }),
  // A burst that fires before the cut and goes on after it (one hit in one run), and one that
  // fires only after it; the last denial is a policy's, of a request made before the cut.
  ...['11:52:00', '11:53:00', '11:54:00', '11:55:00', '11:56:30', '11:57:30'].map((t, i) =>
    denied(t, 'mallory@example.com', `req-m${i}`),
  ),
  denied('12:00:30', 'mallory@example.com', 'req-m6'),
  ev('11:59:40', 'mallory@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-m7', {
    requestId: 'req-m7',
    artifact: 'build/m7.msi',
  }),
  ev(
    '12:01:00',
    'system',
    'POLICY_EVALUATED',
    'Policy/pol-std',
    { requestId: 'req-m7', policyResult: 'fail' },
    'DENIED',
  ),
  ...['11:57:10', '11:58:10', '11:59:10'].map((t, i) => denied(t, 'eve@example.com', `req-e${i}`)),
  denied('12:00:10', 'eve@example.com', 'req-e3'),
  ev('11:59:50', 'eve@example.com', 'SIGNING_REQUESTED', 'SigningRequest/req-e4', {
    requestId: 'req-e4',
    artifact: 'build/e4.msi',
  }),
  ev(
    '12:00:20',
    'system',
    'POLICY_EVALUATED',
    'Policy/pol-std',
    { requestId: 'req-e4', policyResult: 'fail' },
    'DENIED',
  ),
  // Ordinary traffic on both sides.
  ...Array.from({ length: 12 }, (_, i): Short => ({
    t: at(`${String(8 + i).padStart(2, '0')}:30:00`),
    actor: `user${i % 3}@example.com`,
    action: 'USER_LOGIN',
    entity: `User/u${i % 3}`,
  })),
];

/** Everything a run's caller sees: hits (rule, events), rule counts, events covered, lifecycle states. */
const seen = (r: RunResult) => ({
  hits: r.hits.map((h) => ({ rule: h.rule.id, events: h.events })),
  rules: r.rules,
  scanned: r.scanned,
  lifecycle: r.lifecycle,
});

const partsAt = (cuts: string[]): RunPart[] => {
  const b = [null, ...cuts, null];
  return b.slice(0, -1).map((from, i) => ({ from, to: b[i + 1] }));
};

const title = (r: RunResult, part: string) => r.hits.filter((h) => h.rule.title.includes(part));

describe('a full run split by time', () => {
  const rules = pack();

  it('gives the hits of one run when every kind of enrichment state and window straddles the cut', () => {
    const recs = records(STRADDLING);
    const db = storeOf(recs);
    try {
      const one = runRules(db, rules);
      const seq = (id: string) => recs.findIndex((r) => r.id === id) + 1;
      const seqOf = (t: string, actor: string) =>
        seq(recs.find((r) => r.timestamp === at(t) && r.actor.id === actor)!.id);
      // The case is what it says: one run finds each of these across the cut.
      expect(title(one, 'revoked, deactivated or rotated').map((h) => h.events.map((e) => e.seq))).toEqual([
        [seqOf('12:00:01', 'svc-ci-build')],
      ]);
      expect(title(one, 'certificate revoked').map((h) => h.events.map((e) => e.seq))).toEqual([
        [seqOf('12:03:30', 'svc-ci-build')],
      ]);
      expect(title(one, 'Self-approval').map((h) => h.events.map((e) => e.seq))).toEqual([
        [seqOf('05:30:00', 'oscar@example.com')],
        [seqOf('12:02:00', 'frank@example.com')],
      ]);
      expect(title(one, 'without the approval').map((h) => h.events.map((e) => e.seq))).toEqual([
        [seqOf('12:03:00', 'svc-ci-build')],
      ]);
      expect(title(one, 'used and deactivated').map((h) => h.events.length)).toEqual([3]);
      expect(title(one, 'Policy change').map((h) => h.events.map((e) => e.seq))).toEqual([
        [seqOf('11:00:01', 'system'), seqOf('11:30:00', 'alice@example.com'), seqOf('12:11:00', 'svc-ci-build')],
      ]);
      // Mallory's burst is one hit of all eight denials; eve's fires only after the cut, with the
      // policy's denial of a request made before it.
      expect(title(one, 'Burst').map((h) => h.events.length)).toEqual([8, 5]);

      const split = runSplit(db, rules, partsAt([T]));
      expect(seen(split)).toEqual(seen(one));
      // Where the cut falls: the later part replays the history and reports only its own events.
      const [early, late] = partsAt([T]).map((part) => runRules(db, rules, { part }));
      expect(early.hits.every((h) => h.events.some((e) => e.ts < T))).toBe(true);
      expect(late.hits.every((h) => h.events.some((e) => e.ts >= T))).toBe(true);
      expect(title(mergeParts([early, late]), 'Burst').map((h) => h.events.length)).toEqual([8, 5]);
    } finally {
      db.close();
    }
  });

  it.each([
    ['appended out of time order', records(STRADDLING)],
    // In time order, a request's last event can be the first one after the cut (the seq bounds of
    // the requests across it, store/detections.ts enrichmentHistoryAtCut).
    ['appended in time order', records(STRADDLING).sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1))],
  ])(
    'gives the hits of one run wherever the cuts fall (%s): at every event time, in two and three parts',
    (_, recs) => {
      const db = storeOf(recs);
      try {
        const one = seen(runRules(db, rules));
        expect(one.hits.length).toBe(9);
        const times = [...new Set(recs.map((r) => r.timestamp))].sort();
        for (const [i, t] of times.entries()) {
          expect(seen(runSplit(db, rules, partsAt([t]))), `cut at ${t}`).toEqual(one);
          // A cut a microsecond later: between events of the same second and the next.
          const next = t.replace(/0Z$/, '1Z');
          const later = times[i + 3];
          if (later)
            expect(seen(runSplit(db, rules, partsAt([next, later]))), `cuts at ${next}, ${later}`).toEqual(one);
        }
      } finally {
        db.close();
      }
    },
  );

  it('records the lifecycle states of one run, also for keys and certificates no lifecycle event names', () => {
    // A signing with a key and an event about a certificate the trail never generated or uploaded,
    // on the first day; the states at the next midnights are recorded by the part after a cut.
    const day = (d: number, hms: string) => `2026-03-0${d}T${hms}.000000Z`;
    const events: Short[] = [
      {
        t: day(1, '10:00:00'),
        actor: 'svc-ci-build',
        action: 'SIGNING_OPERATION',
        entity: 'Key/ghost',
        details: { keyId: 'ghost' },
      },
      {
        t: day(1, '11:00:00'),
        actor: 'alice@example.com',
        action: 'CERTIFICATE_VIEWED',
        entity: 'Certificate/ghost-cert',
      },
      {
        t: day(1, '12:00:00'),
        actor: 'grace@example.com',
        action: 'KEY_GENERATED',
        entity: 'Key/k1',
        details: { algorithm: 'RSA-3072' },
      },
      ...[2, 3, 4].map((d): Short => ({
        t: day(d, '09:00:00'),
        actor: 'bob@example.com',
        action: 'USER_LOGIN',
        entity: 'User/bob',
      })),
    ];
    const db = storeOf(events);
    try {
      const one = runRules(db, rules);
      expect(one.lifecycle!.states.length).toBeGreaterThan(2);
      for (const cut of [day(1, '12:00:00'), day(2, '09:00:00'), day(3, '09:00:00')]) {
        const split = runSplit(db, rules, partsAt([cut]));
        expect(split.lifecycle, `cut at ${cut}`).toEqual(one.lifecycle);
      }
    } finally {
      db.close();
    }
  });

  it('gives the hits of one run over a demo trail cut where splitParts cuts it', () => {
    const db = storeOf([...generateDemoEvents({ count: 20_000 })]);
    try {
      const one = seen(runRules(db, rules));
      expect(one.hits.length).toBeGreaterThan(0);
      for (const n of [2, 3, 4]) {
        const parts = splitParts(db, n);
        expect(parts.length).toBe(n);
        expect(seen(runSplit(db, rules, parts)), `${n} parts`).toEqual(one);
      }
    } finally {
      db.close();
    }
  }, 120_000);

  it('runs the parts in one worker each, with progress to the total, and gives the single worker’s result', async () => {
    const db = storeOf(STRADDLING);
    try {
      const options = { ruleDirs: [], builtin: true, settings: DEFAULT_DETECTION_SETTINGS };
      const progress: [number, number][] = [];
      const ctx = {
        ...noJobContext(),
        progress: (_: string, done: number, total: number) => progress.push([done, total]),
      };
      const two = await runGuarded(db, options, 0, ctx, undefined, undefined, { workers: 2, minEvents: 0 });
      const single = await runGuarded(db, options, 0, undefined, undefined, undefined, { workers: 1, minEvents: 0 });
      expect(seen(two.result)).toEqual(seen(single.result));
      expect(two.lastSeq).toBe(single.lastSeq);
      expect(two.errors).toEqual([]);
      // Two parts: more events read than the single run (the later part's window start), all counted once.
      expect(two.result.read).toBeGreaterThan(single.result.read);
      expect(two.result.scanned).toBe(STRADDLING.length);
      expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);

      // Cancelled: every worker stops and the run rejects.
      const controller = new AbortController();
      const cancelled = runGuarded(
        db,
        options,
        0,
        { ...noJobContext(), signal: controller.signal },
        undefined,
        undefined,
        { workers: 2, minEvents: 0 },
      );
      controller.abort();
      await expect(cancelled).rejects.toThrow('cancelled');
    } finally {
      db.close();
    }
  }, 120_000);
});
