// Detection figures: the whole shipped pack over a store, as the app runs it (in workers, split by
// time over one worker per core: electron/detect/split.ts), the same in one worker (the reference:
// the bench fails when their results differ), and the incremental run after a 5,000-event page
// (it fails when its hits are not the full run's hits with a new event). Run by bench/run.ts on its
// store, or alone (set SIGNTRAIL_WORKER_BUNDLES as bench/run.ts does, or workers compile through tsx):
//   tsx bench/detect.ts STORE            (an existing store: the last 5,000 events are "the page")
//   tsx bench/detect.ts --events N       (a demo store of N events, made here)
// Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { generateDemoEvents } from '../electron/demo/generate';
import { runRules, type RunResult } from '../electron/detect/engine';
import { runGuarded } from '../electron/detect/runWorker';
import { DEFAULT_DETECTION_SETTINGS } from '../electron/detect/settings';
import { defaultWorkers } from '../electron/detect/split';
import { loadRules } from '../electron/detect/load';
import { compileSettings } from '../electron/detect/settings';
import { createAppender } from '../electron/store/append';
import { eventCount, openStore } from '../electron/store/db';

const PAGE = 5_000;

function demoStore(count: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-bench-detect-')), 'case.sqlite');
  const db = openStore(file);
  db.exec('BEGIN IMMEDIATE');
  const importId = Number(
    db
      .prepare(
        `INSERT INTO imports (kind, source, format, received, appended, duplicates, conflicts, imported_by, imported_at, signtrail_version)
         VALUES ('demo', 'bench', 'demo', 0, 0, 0, 0, 'bench', ?, 'bench')`,
      )
      .run(new Date().toISOString()).lastInsertRowid,
  );
  const appender = createAppender(db, importId);
  let batch: { record: ReturnType<typeof generateDemoEvents> extends Iterable<infer R> ? R : never; line: number }[] =
    [];
  let line = 0;
  for (const record of generateDemoEvents({ count })) {
    batch.push({ record, line: ++line });
    if (batch.length === 10_000) {
      appender.add(batch);
      batch = [];
    }
  }
  appender.add(batch);
  appender.finish();
  db.exec('COMMIT');
  db.close();
  return file;
}

const args = process.argv.slice(2);
const store = args[0] === '--events' ? demoStore(Number(args[1])) : args[0];
const db = openStore(store, { readonly: true });
const loaded = loadRules({ dirs: [], builtin: true, settings: compileSettings() });
if (loaded.errors.length) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const n = eventCount(db);
// CPU time too (every thread of the process): on a shared machine the wall clock also counts
// other processes' turns.
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const cpu = (f: () => unknown) => {
  const c0 = cpuNow();
  f();
  return Math.round(cpuNow() - c0);
};
async function guarded(workers: number): Promise<{ result: RunResult; wallMs: number; cpuMs: number }> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const run = await runGuarded(
    db,
    { ruleDirs: [], builtin: true, settings: DEFAULT_DETECTION_SETTINGS },
    0,
    undefined,
    undefined,
    undefined,
    { workers, minEvents: 0 },
  );
  if (run.errors.length) throw new Error(run.errors.map((e) => e.problem).join('\n'));
  return { result: run.result, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuNow() - c0) };
}
const same = (a: RunResult, b: RunResult) =>
  JSON.stringify([a.hits, a.rules, a.scanned, a.lifecycle]) ===
  JSON.stringify([b.hits, b.rules, b.scanned, b.lifecycle]);

const workers = defaultWorkers();
const full = await guarded(workers);
const single = await guarded(1);
if (!same(full.result, single.result))
  throw new Error(`the run split over ${workers} workers and the single worker differ`);
let page!: RunResult;
let cold!: RunResult;
const since = Math.max(0, n - PAGE);
// As in the app: the incremental run starts from the lifecycle states the previous run left
// (engine.ts); "cold" is the same run without them (the first run in a new process, the CLI).
const incrementalCpuMs = cpu(
  () => (page = runRules(db, loaded.rules, { sinceSeq: since, lifecycle: full.result.lifecycle })),
);
const coldCpuMs = cpu(() => (cold = runRules(db, loaded.rules, { sinceSeq: since })));
// The same incremental run as the app makes it after a sync page: a new worker thread
// (runWorker.ts) that loads the pack, receives the lifecycle states by structured clone and
// compiles the engine cold. The figures above are the engine's alone, on this thread.
const t0App = performance.now();
const cpu0App = cpuNow();
const app = await runGuarded(
  db,
  { ruleDirs: [], builtin: true, settings: DEFAULT_DETECTION_SETTINGS },
  since,
  undefined,
  undefined,
  full.result.lifecycle,
);
const appWallMs = Math.round(performance.now() - t0App);
const appCpuMs = Math.round(cpuNow() - cpu0App);
if (JSON.stringify(page.hits) !== JSON.stringify(cold.hits))
  throw new Error('incremental runs with and without the lifecycle states differ');
const shape = (hits: RunResult['hits']) => JSON.stringify(hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)]));
if (shape(page.hits) !== shape(full.result.hits.filter((h) => h.events.some((e) => e.seq > since))))
  throw new Error('the incremental run and the full run differ on the hits with a new event');
if (shape(app.result.hits) !== shape(page.hits)) throw new Error('the incremental run in a worker differs');
db.close();
process.stdout.write(
  JSON.stringify({
    events: n,
    rules: loaded.rules.length,
    workers,
    fullMs: full.wallMs,
    fullCpuMs: full.cpuMs,
    fullHits: full.result.hits.length,
    fullRead: full.result.read,
    singleWorkerMs: single.wallMs,
    singleWorkerCpuMs: single.cpuMs,
    incrementalMs: page.ms,
    incrementalCpuMs,
    incrementalScanned: page.scanned,
    incrementalFrom: page.lifecycleFrom,
    incrementalColdMs: cold.ms,
    incrementalColdCpuMs: coldCpuMs,
    incrementalInWorkerMs: appWallMs,
    incrementalInWorkerCpuMs: appCpuMs,
    lifecycleStatesBytes: serialize(full.result.lifecycle ?? null).length,
    loadAverage: os.loadavg()[0],
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
