// Detection figures: the whole shipped pack over a store, and the incremental run after a
// 5,000-event page. Run by bench/run.ts on its store, or alone:
//   tsx bench/detect.ts STORE            (an existing store: the last 5,000 events are "the page")
//   tsx bench/detect.ts --events N       (a demo store of N events, made here)
// Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoEvents } from '../electron/demo/generate';
import { runRules } from '../electron/detect/engine';
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
// CPU time too: on a shared machine the wall clock also counts other processes' turns.
const cpu = (f: () => unknown) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return Math.round((c.user + c.system) / 1000);
};
let full!: ReturnType<typeof runRules>;
let page!: ReturnType<typeof runRules>;
let cold!: ReturnType<typeof runRules>;
const since = Math.max(0, n - PAGE);
const fullCpuMs = cpu(() => (full = runRules(db, loaded.rules)));
// As in the app: the incremental run starts from the lifecycle states the previous run left
// (engine.ts); "cold" is the same run without them (the first run in a new process, the CLI).
const incrementalCpuMs = cpu(() => (page = runRules(db, loaded.rules, { sinceSeq: since, lifecycle: full.lifecycle })));
const coldCpuMs = cpu(() => (cold = runRules(db, loaded.rules, { sinceSeq: since })));
if (JSON.stringify(page.hits) !== JSON.stringify(cold.hits))
  throw new Error('incremental runs with and without the lifecycle states differ');
db.close();
process.stdout.write(
  JSON.stringify({
    events: n,
    rules: loaded.rules.length,
    fullMs: full.ms,
    fullCpuMs,
    fullHits: full.hits.length,
    fullRead: full.read,
    incrementalMs: page.ms,
    incrementalCpuMs,
    incrementalScanned: page.scanned,
    incrementalFrom: page.lifecycleFrom,
    incrementalColdMs: cold.ms,
    incrementalColdCpuMs: coldCpuMs,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
