// The audit API in a process of its own, for tests whose own thread must block: serves `count`
// events in pages as fakeAuditApi does (cursors "c<offset>"), prints its URL, and runs until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { record } from '../helpers/records';

const [count, token] = process.argv.slice(2);
const events = Array.from({ length: Number(count) }, () => record());
const server = http.createServer((req, res) => {
  if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const after = url.searchParams.get('after');
  const offset = after === null ? 0 : Number(after.slice(1));
  const slice = events.slice(offset, offset + Number(url.searchParams.get('limit') ?? 100));
  const body = JSON.stringify({ events: slice, next: slice.length ? `c${offset + slice.length}` : null });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/audit/events\n`);
});
