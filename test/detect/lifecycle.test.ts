// The lifecycle states a run leaves for the next incremental run (engine.ts, LifecycleSnapshots):
// kept in the process's memory, never in the case file, and used only while they still hold. An
// incremental run that starts from one must find exactly what the same run finds when it replays
// the key and certificate history, and exactly the full run's hits that hold a new event — on
// the pack and on rules that read each enrichment field; a state from another store, from a store
// since rewritten, or one that events imported later (dated before it) made stale, is not used.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/event';
import { generateDemoEvents } from '../../electron/demo/generate';
import { MAX_LIFECYCLE_ENTRIES, runRules, type LifecycleSnapshots, type RunResult } from '../../electron/detect/engine';
import { detect } from '../../electron/detect/handlers';
import type { Rule } from '../../electron/detect/types';
import { appendRecords, storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';
import { pack, rulesFrom } from './helpers';

const shape = (r: RunResult) => r.hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)]);

/** One rule per value of each enrichment field, so a state that differs shows as a different hit. */
const ENRICHMENT_RULES = [
  ...['active', 'deactivated', 'rotated', 'revoked', 'unknown'].map((v) => ['key.status', v]),
  ...['active', 'expired', 'revoked', 'unknown'].map((v) => ['cert.status', v]),
  ...['active', 'deactivated', 'rotated', 'revoked', 'unknown'].map((v) => ['request.key_status', v]),
  ['request.requester|exists', 'true'],
  ['request.approvers|exists', 'true'],
  ['request.policy_result|exists', 'true'],
  ['request.approval_requested', 'true'],
  ['request.artifact|exists', 'true'],
  ['key.algorithm|startswith', 'RSA'],
  ['key.size|gte', '3072'],
  ['artifact.denied_by|exists', 'true'],
]
  .map(
    ([field, value], i) =>
      `title: enrichment ${i}\nid: enrichment-${i}\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    ${field}: ${value}\n  condition: s\n`,
  )
  .join('---\n');

const rules = (): Rule[] => [...pack(), ...rulesFrom(ENRICHMENT_RULES)];

/** Incremental run after `since` with the states: like the same run without them, and like the full run. */
function expectLikeFull(db: ReturnType<typeof storeWith>, all: Rule[], since: number, lifecycle?: LifecycleSnapshots) {
  const warm = runRules(db, all, { sinceSeq: since, lifecycle });
  const cold = runRules(db, all, { sinceSeq: since });
  expect(cold.lifecycleFrom).toBe('history');
  expect(shape(warm)).toEqual(shape(cold));
  const full = runRules(db, all);
  expect(shape(warm)).toEqual(
    full.hits.filter((h) => h.events.some((e) => e.seq > since)).map((h) => [h.rule.id, h.events.map((e) => e.seq)]),
  );
  return warm;
}

describe('lifecycle states for incremental runs', () => {
  const demo: AuditRecord[] = [...generateDemoEvents({ count: 20_000 })];
  const all = rules();

  it('an incremental run from the states the previous run left finds what a full run finds', () => {
    const cut = 15_000;
    const cut2 = 17_500;
    const db = storeWith(demo.slice(0, cut));
    try {
      const first = runRules(db, all);
      expect(first.lifecycle?.seq).toBe(cut);
      expect(first.lifecycle?.states.length).toBeGreaterThan(0);
      appendRecords(db, demo.slice(cut, cut2));
      const page = expectLikeFull(db, all, cut, first.lifecycle);
      expect(page.lifecycleFrom).toBe('snapshot');
      expect(page.hits.length).toBeGreaterThan(0);
      // The next page starts from the states the incremental run left.
      expect(page.lifecycle?.seq).toBe(cut2);
      appendRecords(db, demo.slice(cut2));
      const next = expectLikeFull(db, all, cut2, page.lifecycle);
      expect(next.lifecycleFrom).toBe('snapshot');
    } finally {
      db.close();
    }
  }, 180_000);

  it('does not use the states of another store, or of a store file since rewritten', () => {
    const dir = tempDir();
    const file = path.join(dir, 'case.sqlite');
    let states: LifecycleSnapshots | undefined;
    const a = storeWith(demo.slice(0, 15_000), file);
    try {
      states = runRules(a, all).lifecycle;
    } finally {
      a.close();
    }
    // Another store: its own file.
    const other = storeWith(demo.slice(0, 15_000));
    try {
      appendRecords(other, demo.slice(15_000, 16_000));
      expect(expectLikeFull(other, all, 15_000, states).lifecycleFrom).toBe('history');
    } finally {
      other.close();
    }
    // The same file name, written again with other events: the chain at the states' seq differs.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    const shifted = demo.slice(1, 15_001);
    const b = storeWith(shifted, file);
    try {
      appendRecords(b, demo.slice(15_001, 16_000));
      expect(expectLikeFull(b, all, 15_000, states).lifecycleFrom).toBe('history');
    } finally {
      b.close();
    }
  }, 180_000);

  it('does not use a state that events imported later, dated before it, made stale', () => {
    // The key events of the trail's first day after noon are held back and imported after the
    // full run, before the next page: every state dated after the first of them no longer holds
    // (the page alone would not show it: its window starts a day later).
    const firstDay = demo[0].timestamp.slice(0, 10);
    const late = demo.filter(
      (e) => e.timestamp.slice(0, 10) === firstDay && e.timestamp.slice(11) > '12' && e.action.startsWith('KEY_'),
    );
    expect(late.length).toBeGreaterThan(0);
    const held = new Set(late);
    const rest = demo.filter((e) => !held.has(e));
    const db = storeWith(rest.slice(0, rest.length - 500));
    try {
      const first = runRules(db, all);
      appendRecords(db, late);
      const since = rest.length - 500 + late.length;
      appendRecords(db, rest.slice(rest.length - 500));
      const stale = { ...first.lifecycle!, states: first.lifecycle!.states.filter((s) => s.at > late[0].timestamp) };
      expect(stale.states.length).toBeGreaterThan(1);
      // Without the late events, the run would start from the state of the next day's midnight.
      expect(expectLikeFull(db, all, since, stale).lifecycleFrom).toBe('history');
      // With every state, it starts from one dated before the late events (they are replayed).
      const run = expectLikeFull(db, all, since, first.lifecycle);
      expect(run.lifecycleFrom).toBe('snapshot');
    } finally {
      db.close();
    }
  }, 180_000);

  it('the Detections service keeps the states of one run for the next, in its own memory', async () => {
    const db = storeWith(demo.slice(0, 15_000));
    try {
      const memory: { lifecycle?: LifecycleSnapshots } = {};
      const full = await detect(db, {}, 0, undefined, undefined, memory);
      expect(memory.lifecycle?.seq).toBe(15_000);
      expect(memory.lifecycle?.store).toBe(db.name);
      const kept = memory.lifecycle;
      appendRecords(db, demo.slice(15_000, 17_500));
      const page = await detect(db, {}, full.lastSeq, undefined, undefined, memory);
      expect(memory.lifecycle?.seq).toBe(17_500);
      // The same report as a run given no states.
      const fresh = await detect(db, {}, full.lastSeq);
      expect(page.hits).toEqual(fresh.hits);
      // The states went into the run: it passes on the ones still valid from the first run.
      expect(memory.lifecycle!.states.some((s) => kept!.states.some((k) => k.at === s.at))).toBe(true);
    } finally {
      db.close();
    }
  }, 180_000);

  it('keeps no states once the trail has more keys and certificates than MAX_LIFECYCLE_ENTRIES', () => {
    // MAX_LIFECYCLE_ENTRIES + 1 keys on one day, then one event the next day: at that midnight
    // the state is over the limit, and no state (not even the earlier, smaller ones) is kept.
    const n = MAX_LIFECYCLE_ENTRIES + 1;
    const at = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
    const keys: AuditRecord[] = Array.from({ length: n }, (_, i) => ({
      id: `evt-key-${i}`,
      timestamp: at(Date.UTC(2026, 2, 1) + i * 100),
      actor: { id: 'svc-keys', type: 'service' },
      action: 'KEY_GENERATED',
      entity: { type: 'Key', id: `key-${i}` },
      status: 'SUCCESS',
      details: {},
    }));
    const next = { ...keys[0], id: 'evt-next-day', timestamp: at(Date.UTC(2026, 2, 2, 8)) };
    const db = storeWith([...keys, next]);
    try {
      expect(runRules(db, pack()).lifecycle).toBeUndefined();
    } finally {
      db.close();
    }
  }, 180_000);
});
