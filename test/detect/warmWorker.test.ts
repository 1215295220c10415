// The detection worker kept between incremental runs of one store (runWorker.ts WarmDetectWorker):
// a run in the kept worker finds exactly what a new worker finds, sees the events appended since
// its last run, keeps the lifecycle states in the worker (the next run starts from them without the
// caller passing any), never serves them to a store file replaced under the same path, and is
// discarded when a rule overruns its budget or the run is cancelled.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/event';
import { noJobContext } from '../../shared/handlers';
import { generateDemoEvents } from '../../electron/demo/generate';
import type { RunResult } from '../../electron/detect/engine';
import { runGuarded, WarmDetectWorker } from '../../electron/detect/runWorker';
import { DEFAULT_DETECTION_SETTINGS } from '../../electron/detect/settings';
import { appendRecords, storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

const shape = (r: RunResult) => r.hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)]);
const PACK = { ruleDirs: [], builtin: true, settings: DEFAULT_DETECTION_SETTINGS };

/** The pack and one rule per key and certificate status, so states that differ show as different hits. */
function packWithStatusRules() {
  const dir = tempDir();
  const statuses = [
    ...['active', 'deactivated', 'rotated', 'revoked', 'unknown'].map((v) => ['key.status', v]),
    ...['active', 'expired', 'revoked', 'unknown'].map((v) => ['cert.status', v]),
    ...['active', 'deactivated', 'rotated', 'revoked', 'unknown'].map((v) => ['request.key_status', v]),
  ];
  statuses.forEach(([field, value], i) =>
    fs.writeFileSync(
      path.join(dir, `status-${i}.yml`),
      `title: status ${i}\nid: status-${i}\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    ${field}: ${value}\n  condition: s\n`,
    ),
  );
  return { ...PACK, ruleDirs: [dir] };
}
const ONE = { workers: 1, minEvents: Number.MAX_SAFE_INTEGER };

describe('the detection worker kept between incremental runs', () => {
  const demo: AuditRecord[] = [...generateDemoEvents({ count: 20_000 })];

  it('gives a new worker’s hits on appended events, keeps the states itself, and refuses them to a replaced store', async () => {
    const file = path.join(tempDir(), 'case.sqlite');
    const warm = new WarmDetectWorker();
    const PACK = packWithStatusRules();
    let db = storeWith(demo.slice(0, 15_000), file);
    try {
      // The full run (a new worker) hands its states to the caller, as handlers.ts keeps them.
      const full = await runGuarded(db, PACK, 0, undefined, undefined, undefined, ONE, warm);
      expect(full.result.lifecycle?.seq).toBe(15_000);
      expect(warm.threadId).toBeNull();

      appendRecords(db, demo.slice(15_000, 17_500));
      const first = await runGuarded(db, PACK, 15_000, undefined, undefined, full.result.lifecycle, ONE, warm);
      const fresh = await runGuarded(db, PACK, 15_000, undefined, undefined, full.result.lifecycle, ONE);
      expect(first.result.lifecycleFrom).toBe('snapshot');
      expect(shape(first.result)).toEqual(shape(fresh.result));
      expect(first.result.hits.length).toBeGreaterThan(0);
      expect(first.lastSeq).toBe(17_500);
      // The states stayed in the kept worker.
      expect(first.result.lifecycle).toBeUndefined();
      const thread = warm.threadId;
      expect(thread).not.toBeNull();

      // A sync page later: the same worker sees the new events and starts from its own states.
      appendRecords(db, demo.slice(17_500));
      const second = await runGuarded(db, PACK, 17_500, undefined, undefined, undefined, ONE, warm);
      expect(warm.threadId).toBe(thread);
      expect(second.lastSeq).toBe(20_000);
      expect(second.result.lifecycleFrom).toBe('snapshot');
      const replayed = await runGuarded(db, PACK, 17_500, undefined, undefined, undefined, ONE);
      expect(replayed.result.lifecycleFrom).toBe('history');
      expect(shape(second.result)).toEqual(shape(replayed.result));
      expect(second.result.scanned).toBe(replayed.result.scanned);

      // The same file name written again with other events: the kept states do not hold.
      db.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      db = storeWith(demo.slice(1, 17_501), file);
      appendRecords(db, demo.slice(17_501));
      const swapped = await runGuarded(db, PACK, 17_500, undefined, undefined, undefined, ONE, warm);
      expect(warm.threadId).toBe(thread);
      expect(swapped.result.lifecycleFrom).toBe('history');
      const swappedFresh = await runGuarded(db, PACK, 17_500, undefined, undefined, undefined, ONE);
      expect(shape(swapped.result)).toEqual(shape(swappedFresh.result));
      expect(swapped.lastSeq).toBe(19_999);
    } finally {
      warm.close();
      db.close();
    }
    expect(warm.threadId).toBeNull();
  }, 180_000);

  it('is discarded when a rule overruns its budget or the run is cancelled, and the next run starts a new one', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'slow.yml'),
      "title: slow\nid: slow\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    details.note|re: 'a.*b.*c'\n  condition: s\n",
    );
    fs.writeFileSync(
      path.join(dir, 'bob.yml'),
      'title: bob\nid: bob\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: bob@example.com\n  condition: s\n',
    );
    const rules = { ruleDirs: [dir], builtin: false, settings: DEFAULT_DETECTION_SETTINGS };
    const base = demo.slice(0, 2_000);
    const late = (note: string, i: number): AuditRecord => ({
      ...demo[2_000 + i],
      actor: { id: 'bob@example.com', type: 'user' },
      details: { note },
    });
    const db = storeWith(base);
    const warm = new WarmDetectWorker();
    try {
      appendRecords(db, [late('ok', 0)]);
      const ok = await runGuarded(db, rules, 2_000, undefined, 500, undefined, ONE, warm);
      expect(shape(ok.result)).toEqual([['bob', [2_001]]]);
      const thread = warm.threadId;
      expect(thread).not.toBeNull();

      // a.*b.*c is cubic on 4,096 characters of "abab…": stopped, and the worker with it.
      appendRecords(db, [late('ab'.repeat(2_048), 1)]);
      const stopped = await runGuarded(db, rules, 2_001, undefined, 500, undefined, ONE, warm);
      expect(stopped.errors.map((e) => e.problem)).toEqual([
        'rule "slow" exceeded its time budget of 500 ms on field "details.note" at event seq 2002: it was stopped and the other rules ran without it',
      ]);
      expect(shape(stopped.result)).toEqual([['bob', [2_002]]]);
      expect(warm.threadId).toBeNull();

      // Cancelled while it runs: rejected, and the kept worker ended.
      const controller = new AbortController();
      const cancelled = runGuarded(
        db,
        PACK,
        1_000,
        { ...noJobContext(), signal: controller.signal },
        undefined,
        undefined,
        ONE,
        warm,
      );
      expect(warm.threadId).not.toBeNull();
      controller.abort();
      await expect(cancelled).rejects.toThrow('cancelled');
      expect(warm.threadId).toBeNull();

      // The next run starts a new worker and finds what a new worker finds.
      appendRecords(db, [late('ok', 2)]);
      const again = await runGuarded(db, rules, 2_002, undefined, 500, undefined, ONE, warm);
      expect(warm.threadId).not.toBeNull();
      expect(warm.threadId).not.toBe(thread);
      expect(shape(again.result)).toEqual([['bob', [2_003]]]);
    } finally {
      warm.close();
      db.close();
    }
  }, 120_000);
});
