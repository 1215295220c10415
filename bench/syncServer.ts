// The local audit API of the sync benchmark, in a process of its own as a real server would be:
// N demo events in pages, serialised up front so it costs little while the client is measured.
// Prints its URL when listening; runs until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemoEvents } from '../electron/demo/generate';

const [countArg, pageSizeArg, token] = process.argv.slice(2);
const pageSize = Number(pageSizeArg);
const pages: Buffer[] = [];
let batch: unknown[] = [];
for (const event of generateDemoEvents({ count: Number(countArg) })) {
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
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events\n`);
});
