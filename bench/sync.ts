// Sync of N events (default 1,000,000) from a local audit API, 5,000 per page: events/s end to end
// (HTTP, JSON, mapping, append, chain, search index, a checkpoint per page). Target ≥ 50,000 events/s.
// Run alone: `npx tsx bench/sync.ts`; prints one JSON line last, for bench/run.ts. The figure's
// peak RSS is this process's (the client's); the server's is its own.
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { loadOrCreateSigningKey } from '../electron/integrity/keys';
import { createSigner } from '../electron/store/checkpoints';
import { eventCount, openStore } from '../electron/store/db';
import { WRITER_CACHE_KIB } from '../electron/store/writeQueue';
import { addSource } from '../electron/sync/sources';
import { syncSource } from '../electron/sync/syncSource';

const count = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 1_000_000);
const pageSize = Number(process.env.BENCH_SYNC_PAGE ?? 5000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-bench-sync-'));
const token = 'bench-token';

async function main() {
  // The server runs in its own process, as a remote API would: it keeps serving while this
  // process appends (in-process, it would stall whenever the append holds the thread).
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('bench', 'syncServer.ts'), String(count), String(pageSize), token],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.once('data', (d) => resolve(String(d).trim()));
    server.once('exit', (code) => reject(new Error(`the benchmark's API server exited (${code})`)));
  });

  // The writer's connection as the app opens it for a sync (store/writeQueue.ts).
  const db = openStore(path.join(dir, 'case.sqlite'), { cacheKiB: WRITER_CACHE_KIB });
  process.env.SIGNTRAIL_BENCH_TOKEN = token;
  addSource(db, { name: 'bench', url, tokenEnv: 'SIGNTRAIL_BENCH_TOKEN' });
  const signer = createSigner(loadOrCreateSigningKey(path.join(dir, 'home')));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // BENCH_SYNC_TRACE=1: this process's memory after each page, to stderr (what holds it).
  const trace = process.env.BENCH_SYNC_TRACE
    ? () => {
        const m = process.memoryUsage();
        const mb = (n: number) => Math.round(n / 2 ** 20);
        const space = (name: string) =>
          v8.getHeapSpaceStatistics().find((s) => s.space_name === name)?.physical_space_size ?? 0;
        console.error(
          `page ${report.pages}: rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} (new ${mb(space('new_space'))}, old ${mb(space('old_space'))}) external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} MB`,
        );
      }
    : undefined;
  let report: Awaited<ReturnType<typeof syncSource>>;
  report = await syncSource(db, 'bench', {
    signer,
    http: {
      pageSize,
      timeoutMs: 120_000,
      pagesAhead: process.env.BENCH_SYNC_AHEAD ? Number(process.env.BENCH_SYNC_AHEAD) : undefined,
    },
    onProgress: trace && ((r) => ((report = r), trace())),
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (report.error) throw new Error(report.error);
  if (eventCount(db) !== count || report.appended !== count)
    throw new Error(`expected ${count} events, the store holds ${eventCount(db)}`);
  db.close();
  server.kill();
  // The client's CPU time (every thread of this process); the server's is its own.
  return {
    events: count,
    pages: report.pages,
    seconds,
    perSecond: count / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

main().then(
  (figures) => {
    const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.error(
      `sync of ${figures.events.toLocaleString('en')} events in ${figures.pages} pages: ${figures.seconds.toFixed(2)} s, ${Math.round(figures.perSecond).toLocaleString('en')} events/s (target ≥ 50,000), peak RSS ${rssMb} MB`,
    );
    console.log(JSON.stringify({ phase: 'sync', ...figures, maxRssMb: rssMb }));
    fs.rmSync(dir, { recursive: true, force: true });
  },
  (err) => {
    console.error(`bench sync: ${(err as Error).stack}`);
    fs.rmSync(dir, { recursive: true, force: true });
    process.exitCode = 1;
  },
);
