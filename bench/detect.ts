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
import { runGuarded, WarmDetectWorker } from '../electron/detect/runWorker';
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
// The same incremental run as the app makes it after a sync page, through the detection worker the
// service keeps between a case's incremental runs (runWorker.ts WarmDetectWorker). The first one
// starts the worker: it loads the pack, receives the full run's lifecycle states by structured
// clone and compiles the engine cold. The later ones (every sync page after it) reuse it: the pack
// is reloaded, but the code is compiled and the states the last run left stay in the worker (none
// are passed in). The store is read-only here, so every run covers the same last page.
const options = { ruleDirs: [], builtin: true, settings: DEFAULT_DETECTION_SETTINGS };
const warm = new WarmDetectWorker();
async function inWorker(lifecycle: RunResult['lifecycle']) {
  const c0 = cpuNow();
  const t0 = performance.now();
  const run = await runGuarded(db, options, since, undefined, undefined, lifecycle, undefined, warm);
  return { run, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuNow() - c0) };
}
const appCold = await inWorker(full.result.lifecycle);
const appWarm = [];
for (let i = 0; i < 3; i++) appWarm.push(await inWorker(undefined));
warm.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
for (const a of [appCold, ...appWarm])
  if (a.run.result.lifecycleFrom !== 'snapshot') throw new Error('an incremental run in the worker replayed history');
if (JSON.stringify(page.hits) !== JSON.stringify(cold.hits))
  throw new Error('incremental runs with and without the lifecycle states differ');
const shape = (hits: RunResult['hits']) => JSON.stringify(hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)]));
if (shape(page.hits) !== shape(full.result.hits.filter((h) => h.events.some((e) => e.seq > since))))
  throw new Error('the incremental run and the full run differ on the hits with a new event');
for (const a of [appCold, ...appWarm])
  if (shape(a.run.result.hits) !== shape(page.hits)) throw new Error('the incremental run in a worker differs');
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
    // The first run in a new worker (the app's first incremental run of the session), then the
    // median of three in the kept worker (every later sync page): wall, CPU, and the engine's part.
    incrementalInWorkerColdMs: appCold.wallMs,
    incrementalInWorkerColdCpuMs: appCold.cpuMs,
    incrementalInWorkerColdEngineMs: appCold.run.result.ms,
    incrementalInWorkerMs: median(appWarm.map((a) => a.wallMs)),
    incrementalInWorkerCpuMs: median(appWarm.map((a) => a.cpuMs)),
    incrementalInWorkerEngineMs: median(appWarm.map((a) => a.run.result.ms)),
    incrementalInWorkerRunsMs: appWarm.map((a) => a.wallMs),
    lifecycleStatesBytes: serialize(full.result.lifecycle ?? null).length,
    loadAverage: os.loadavg()[0],
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
