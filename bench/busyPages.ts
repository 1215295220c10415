// Issue 14 "Also": the grid stays responsive during a long import. While N new events (a second
// demo CSV, another seed, default BENCH_EVENTS) are imported into the bench store by the service,
// the same service answers the grid's page requests (a page of 100 sorted by time, count
// included: unfiltered, by status, by category, by keyword) one after another, each measured
// from request to answer. The service runs the import's writer on the same thread as the
// queries (as in the desktop's and browser mode's service worker), its parser in the import
// worker; the queries read the store as committed before the import (WAL snapshot).
// Run alone: `npx tsx bench/busyPages.ts STORE [N]`; prints one JSON line last, for bench/run.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDemoEvents } from '../electron/demo/generate';
import { createService } from '../electron/service/service';
import { parseArgs } from '../shared/channels';
import type { EventFilter } from '../shared/filter';
import { noJobContext } from '../shared/handlers';
import { writePlatformCsv } from './platformCsv';

const [store, countArg] = process.argv.slice(2);
const count = Number(countArg ?? process.env.BENCH_EVENTS ?? 1_000_000);

/** The pause between one answer and the next request. */
const PAUSE_MS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-bench-busy-'));
  const csv = path.join(dir, 'more.csv');
  try {
    // Another seed than the store's: (almost) every event is new and appended.
    await writePlatformCsv(csv, generateDemoEvents({ count, seed: 2 }));
    const service = createService({ storePath: store });
    const ctx = noJobContext();
    const filters: EventFilter[] = [
      {},
      { statuses: ['DENIED'] },
      { categories: ['key_lifecycle'] },
      { q: 'SIGNING_OPERATION' },
    ];
    const times: number[] = [];
    /** How long each request waited for the thread before it was sent (part of its time). */
    const waits: number[] = [];
    let done = false;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const imported = service
      .invoke('import.files', parseArgs('import.files', { paths: [csv] }), ctx)
      .finally(() => (done = true));
    imported.catch(() => undefined);
    // Requests one after another, with a short pause, as someone paging and filtering would. Each
    // is timed from when it is due (the pause over), not from when this thread got to send it: a
    // request from the window waits in the same event loop while the import holds the thread, and
    // that wait is what the user sees.
    let due = performance.now();
    for (let i = 0; !done; i++) {
      const filter = filters[i % filters.length];
      const q0 = due;
      waits.push(performance.now() - due);
      await service.invoke(
        'events.query',
        parseArgs('events.query', {
          filter,
          limit: 100,
          offset: (i % 5) * 100,
          sort: { field: 'timestamp', dir: 'desc' },
        }),
        ctx,
      );
      times.push(performance.now() - q0);
      due = performance.now() + PAUSE_MS;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    const [summary] = await imported;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    service.close();
    if (summary.rejected) throw new Error(summary.rejected.message);
    return {
      phase: 'busyPages',
      imported: summary.appended,
      importSeconds: seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      pages: times.length,
      p50: +percentile(times, 50).toFixed(1),
      p95: +percentile(times, 95).toFixed(1),
      max: +Math.max(...times).toFixed(1),
      waitP95: +percentile(waits, 95).toFixed(1),
      waitMax: +Math.max(...waits).toFixed(1),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (figures) => {
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.error(
      `pages during an import of ${figures.imported.toLocaleString('en')} events (${figures.importSeconds.toFixed(1)} s): ${figures.pages} pages, p50 ${figures.p50} ms, p95 ${figures.p95} ms, max ${figures.max} ms, of which waiting for the thread p95 ${figures.waitP95} ms, max ${figures.waitMax} ms (target p95 ≤ 100 ms)`,
    );
    console.log(JSON.stringify({ ...figures, maxRssMb }));
  },
  (err) => {
    console.error(`bench busyPages: ${(err as Error).stack}`);
    process.exitCode = 1;
  },
);
