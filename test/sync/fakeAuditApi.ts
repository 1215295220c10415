// A real HTTP server on 127.0.0.1 that serves the audit API's pages, and injects faults on demand.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; code: number }
  | { kind: 'redirect'; code: number; location: string }
  | { kind: 'drop'; afterBytes: number }
  | { kind: 'body'; body: string }
  | { kind: 'events'; events: unknown[]; next?: string | null }
  | { kind: 'hang' };

export interface PageRequest {
  /** 1-based number of this request. */
  n: number;
  after: string | null;
  limit: number;
  authorization: string | undefined;
  /** Settles when the client closes this request's connection (for a request left hanging). */
  closed: Promise<void>;
}

export interface FakeAuditApi {
  url: string;
  /** The events the platform holds; push more to simulate new activity. */
  events: unknown[];
  token: string;
  requests: PageRequest[];
  /** Resolves with each request as it arrives: a test waits on this instead of polling. */
  onRequest: (req: PageRequest) => void;
  /** Decides a fault for a request, or none. */
  fault: (req: PageRequest) => Fault | undefined;
  close(): Promise<void>;
}

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Cursors are "c<offset>"; the last page's next points past it, an empty page's next is null. */
export async function startFakeAuditApi(events: unknown[], token = 'secret-token', port = 0): Promise<FakeAuditApi> {
  const api: FakeAuditApi = {
    url: '',
    events,
    token,
    requests: [],
    onRequest: () => {},
    fault: () => undefined,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const after = url.searchParams.get('after');
    const page: PageRequest = {
      n: api.requests.length + 1,
      after,
      limit: Number(url.searchParams.get('limit') ?? 100),
      authorization: req.headers.authorization,
      closed: new Promise((resolve) => res.once('close', () => resolve())),
    };
    api.requests.push(page);
    api.onRequest(page);
    const fault = api.fault(page);
    if (fault?.kind === 'hang') return;
    const answer = () => respond(api, page, fault, res);
    if (fault?.kind === 'delay') setTimeout(answer, fault.ms);
    else answer();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/audit/events`;
  api.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return api;
}

function respond(api: FakeAuditApi, page: PageRequest, fault: Fault | undefined, res: http.ServerResponse): void {
  if (res.destroyed) return;
  if (page.authorization !== `Bearer ${api.token}`) return send(res, 401, '{"error":"invalid token"}');
  if (fault?.kind === 'status') return send(res, fault.code, '{"error":"injected"}');
  if (fault?.kind === 'redirect') {
    res.writeHead(fault.code, { location: fault.location, 'content-length': 0 }).end();
    return;
  }
  if (fault?.kind === 'body') return send(res, 200, fault.body);
  const offset = page.after === null ? 0 : Number(page.after.slice(1));
  const slice = fault?.kind === 'events' ? fault.events : api.events.slice(offset, offset + page.limit);
  const next =
    fault?.kind === 'events' && fault.next !== undefined
      ? fault.next
      : slice.length === 0
        ? null
        : `c${offset + slice.length}`;
  const body = JSON.stringify({ events: slice, next });
  if (fault?.kind === 'drop') {
    const bytes = Buffer.from(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
    res.write(bytes.subarray(0, fault.afterBytes), () => setTimeout(() => res.socket?.destroy(), 10));
    return;
  }
  send(res, 200, body);
}

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
