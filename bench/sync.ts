// Sync of N events (default 1,000,000) from a local audit API, 5,000 per page: events/s end to end
// (HTTP, JSON, mapping, append, chain, search index, a checkpoint per page). Target ≥ 50,000 events/s.
// Run alone: `npx tsx bench/sync.ts`; prints one JSON line last, for bench/run.ts.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDemoEvents } from '../electron/demo/generate';
import { loadOrCreateSigningKey } from '../electron/integrity/keys';
import { createSigner } from '../electron/store/checkpoints';
import { eventCount, openStore } from '../electron/store/db';
import { addSource } from '../electron/sync/sources';
import { syncSource } from '../electron/sync/syncSource';

const count = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 1_000_000);
const pageSize = Number(process.env.BENCH_SYNC_PAGE ?? 5000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-bench-sync-'));
const token = 'bench-token';

async function main() {
  // Pages are serialised up front so the figure measures the client, not the test server.
  const pages: Buffer[] = [];
  let batch: unknown[] = [];
  for (const event of generateDemoEvents({ count })) {
    batch.push(event);
    if (batch.length === pageSize) {
      pages.push(Buffer.from(JSON.stringify({ events: batch, next: `p${pages.length + 1}` })));
      batch = [];
    }
  }
  if (batch.length) pages.push(Buffer.from(JSON.stringify({ events: batch, next: `p${pages.length + 1}` })));
  const empty = Buffer.from('{"events":[],"next":null}');
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end();
    const after = new URL(req.url!, 'http://x').searchParams.get('after');
    const body = pages[after === null ? 0 : Number(after.slice(1))] ?? empty;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;

  const db = openStore(path.join(dir, 'case.sqlite'));
  process.env.SIGNTRAIL_BENCH_TOKEN = token;
  addSource(db, { name: 'bench', url, tokenEnv: 'SIGNTRAIL_BENCH_TOKEN' });
  const signer = createSigner(loadOrCreateSigningKey(path.join(dir, 'home')));
  const t0 = performance.now();
  const report = await syncSource(db, 'bench', { signer, http: { pageSize, timeoutMs: 120_000 } });
  const seconds = (performance.now() - t0) / 1000;
  if (report.error) throw new Error(report.error);
  if (eventCount(db) !== count || report.appended !== count)
    throw new Error(`expected ${count} events, the store holds ${eventCount(db)}`);
  db.close();
  server.close();
  return { events: count, pages: report.pages, seconds, perSecond: count / seconds };
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
