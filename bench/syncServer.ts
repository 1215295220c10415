// The local audit API of the sync benchmark, in a process of its own as a real server would be:
// N demo events in pages of JSON, serialised up front so they cost little while the client is
// measured. Beyond 2M events (BENCH_EVENTS=10000000) they would not fit in memory: pages are then
// made in order as the client asks for them (it asks page after page), a few ready ahead and the
// last few kept for a repeated request. Prints its URL when listening; runs until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemoEvents } from '../electron/demo/generate';

const [countArg, pageSizeArg, token] = process.argv.slice(2);
const pageSize = Number(pageSizeArg);
const count = Number(countArg);
const events = generateDemoEvents({ count })[Symbol.iterator]();
/** Up to this many events every page is made before the client starts. */
const UP_FRONT = 2_000_000;
const keepAll = count <= UP_FRONT;
/** Pages made so far, by number; only the last few are kept. */
const pages = new Map<number, Buffer>();
let made = 0;
const KEEP = 8;

/** Makes pages up to `n` (and a few beyond, so the client rarely waits on the generator). */
function pageAt(n: number): Buffer | undefined {
  while (made <= n + 2) {
    const batch: unknown[] = [];
    for (let r = events.next(); !r.done; r = events.next()) {
      batch.push(r.value);
      if (batch.length === pageSize) break;
    }
    if (batch.length === 0) break;
    pages.set(made, Buffer.from(JSON.stringify({ events: batch, next: `p${made + 1}` })));
    if (!keepAll) pages.delete(made - KEEP);
    made++;
  }
  return pages.get(n);
}

const empty = Buffer.from('{"events":[],"next":null}');
const server = http.createServer((req, res) => {
  if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end();
  const after = new URL(req.url!, 'http://x').searchParams.get('after');
  const n = after === null ? 0 : Number(after.slice(1));
  const body = !keepAll && n < made - KEEP ? null : (pageAt(n) ?? empty);
  if (body === null) return res.writeHead(410).end(); // an old page the bench no longer holds
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
// Every page (or the first few) is ready before the client starts timing.
pageAt(keepAll ? Math.ceil(count / pageSize) : 0);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events\n`);
});
