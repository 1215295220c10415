import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/serve/startServer';
import { channels } from '../../shared/channels';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { httpRoutes } from '../../shared/httpRoutes';
import { createFakeService, type FakeService } from '../ipc/fakeService';

let server: RunningServer;
let service: FakeService;
let tmp: string;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): { ok: boolean; value?: unknown; error?: string };
}

/** Raw requests, so tests can send the Host and Origin headers an attacker would. */
function request(
  method: string,
  urlPath: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; auth?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Host: `127.0.0.1:${server.port}`, ...options.headers };
  const auth = options.auth === undefined ? server.token : options.auth;
  if (auth !== null) headers.Authorization = `Bearer ${auth}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeEach(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-serve-test-'));
  const staticDir = path.join(tmp, 'dist');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>SignTrail</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'do not serve');
  service = createFakeService();
  server = await startServer({ service, staticDir, jsonLimit: 64 * 1024, uploadLimit: 1024 * 1024 });
});

afterEach(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('browser mode server', () => {
  it('listens on 127.0.0.1 with a 32-byte random token in the printed URL', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('refuses an API call without a token with 401', async () => {
    const reply = await request('POST', '/api/store.info', { body: '{}', auth: null });
    expect(reply.status).toBe(401);
    expect(reply.json().error).toMatch(/session token/);
    expect(service.calls).toHaveLength(0);
  });

  it('refuses an API call with a wrong token with 401', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    expect((await request('POST', '/api/store.info', { body: '{}', auth: wrong })).status).toBe(401);
    expect((await request('POST', '/api/store.info', { body: '{}', auth: 'short' })).status).toBe(401);
    expect(service.calls).toHaveLength(0);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), even with the token', async () => {
    const reply = await request('POST', '/api/store.info', {
      body: '{}',
      headers: { Host: `evil.example:${server.port}` },
    });
    expect(reply.status).toBe(403);
    expect((await request('GET', '/', { headers: { Host: 'localhost:1' } })).status).toBe(403);
    expect(service.calls).toHaveLength(0);
  });

  it('refuses a foreign Origin header with 403 and never sends CORS headers', async () => {
    const reply = await request('POST', '/api/store.info', { body: '{}', headers: { Origin: 'https://evil.example' } });
    expect(reply.status).toBe(403);
    const same = await request('POST', '/api/store.info', {
      body: '{}',
      headers: { Origin: `http://localhost:${server.port}` },
    });
    expect(same.status).toBe(200);
    expect(Object.keys(same.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses a body over the limit with 413', async () => {
    const body = JSON.stringify({ filter: { q: 'x'.repeat(100 * 1024) } });
    const reply = await request('POST', '/api/events.query', { body });
    expect(reply.status).toBe(413);
    expect(reply.json().error).toMatch(/larger than 65,536 bytes/);
    expect(service.calls).toHaveLength(0);
  });

  it('refuses malformed JSON with 400 and a message', async () => {
    const reply = await request('POST', '/api/events.query', { body: '{"limit": 5,' });
    expect(reply.status).toBe(400);
    expect(reply.json().error).toMatch(/^The request body is not valid JSON: /);
  });

  it('refuses invalid arguments with 400 naming the field', async () => {
    const reply = await request('POST', '/api/events.query', { body: JSON.stringify({ limit: 'many' }) });
    expect(reply.status).toBe(400);
    expect(reply.json().error).toMatch(/^events\.query: invalid argument limit: /);
    expect(service.calls).toHaveLength(0);
  });

  it('answers an unknown channel with 404', async () => {
    const reply = await request('POST', '/api/fs.readFile', { body: '{}' });
    expect(reply.status).toBe(404);
    expect(reply.json().error).toMatch(/Unknown channel "fs\.readFile"/);
  });

  it('passes a valid call to the service and returns its value', async () => {
    const reply = await request('POST', '/api/events.query', { body: JSON.stringify({ limit: 7 }) });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ ok: true, value: { rows: [], total: 7, totalIsEstimate: false } });
    expect(service.calls[0].channel).toBe('events.query');
  });

  it.each([
    ['export.run', { path: '/tmp/elsewhere/pwned.csv' }],
    ['import.files', { paths: ['/etc/passwd'] }],
    ['sync.addSource', { name: 'share', folder: '/etc' }],
    ['sync.addSource', { name: 'api', url: 'https://audit.example.com/events', tokenFile: '/root/.ssh/id_ed25519' }],
    ['detect.addFolder', { folder: '/home/someone/.ssh', scope: 'installation' }],
    ['detect.confirmFolder', { folder: '/srv/planted-rules' }],
  ])(
    'refuses %s naming a file on this machine with 403: the page uploads and downloads instead',
    async (channel, args) => {
      const reply = await request('POST', `/api/${channel}`, { body: JSON.stringify(args) });
      expect(reply.status).toBe(403);
      expect(reply.json().error).toMatch(/In browser mode/);
      expect(service.calls).toHaveLength(0);
    },
  );

  it('answers exactly the HTTP-only routes of the contract, none of which shadows a channel', async () => {
    for (const [name, route] of Object.entries(httpRoutes)) {
      const head = route.path.split('/')[0];
      expect(Object.keys(channels), `route ${name}`).not.toContain(head);
      if (route.runs) expect(Object.keys(channels)).toContain(route.runs);
      const urlPath = `/api/${route.path.replace(':id', 'f'.repeat(32)).replace(':name', 'x.csv')}`;
      if (route.method === 'GET' && name === 'progress') continue; // a stream: its own test below
      const reply = await request(route.method, urlPath, { body: route.method === 'POST' ? '{}' : undefined });
      // Known to the server: whatever the fake service makes of it, never "Unknown channel".
      expect(reply.text, `route ${name}`).not.toMatch(/Unknown channel/);
      if (name === 'download') expect(reply.json().error).toMatch(/No such download/);
    }
    const unknown = await request('POST', '/api/not-a-route', { body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toMatch(/Unknown channel/);
  });

  it('answers a download name that is not valid percent-encoding with 404, not a crash', async () => {
    const reply = await request('GET', `/api/download/${'a'.repeat(32)}/%E0%A4%A`);
    expect(reply.status).toBe(404);
  });

  it('answers app.mode as browser and refuses the other desktop-only channels with 400', async () => {
    expect((await request('POST', '/api/app.mode', { body: '{}' })).json()).toEqual({
      ok: true,
      value: { mode: 'browser', hasStore: true },
    });
    const reply = await request('POST', '/api/case.open', { body: JSON.stringify({ path: '/etc/passwd' }) });
    expect(reply.status).toBe(400);
    expect(reply.json().error).toMatch(/not available in browser mode/);
  });

  it('refuses sync.setToken with 400: a token is never accepted over HTTP, nor echoed back', async () => {
    const token = 'tok-never-over-http-0123456789';
    const reply = await request('POST', '/api/sync.setToken', { body: JSON.stringify({ name: 'platform', token }) });
    expect(reply.status).toBe(400);
    expect(reply.json().error).toBe('"sync.setToken" is not available in browser mode; it needs the desktop app.');
    expect(reply.text.includes(token)).toBe(false);
    expect(service.calls).toHaveLength(0);
  });

  it('imports an upload streamed to a temp file, under its own name, and removes the temp file', async () => {
    const csv = 'Timestamp,Actor,Action,Entity,Status\n2026-01-01T00:00:00,alice,key.create,Key:k1,SUCCESS\n';
    const reply = await request('POST', '/api/upload?name=audit.csv&assumeTz=Europe/Berlin', { body: csv });
    expect(reply.status).toBe(200);
    const [summary] = reply.json().value as { file: string; received: number; assumedTimeZone: string }[];
    expect(summary).toMatchObject({ file: 'audit.csv', received: 1, assumedTimeZone: 'Europe/Berlin' });
    const stored = (service.calls[0].args as { paths: string[] }).paths[0];
    expect(path.basename(stored)).toBe('audit.csv');
    expect(fs.existsSync(stored)).toBe(false);
  });

  it('refuses an upload over the size limit with 413', async () => {
    const reply = await request('POST', '/api/upload?name=big.csv', { body: Buffer.alloc(2 * 1024 * 1024, 97) });
    expect(reply.status).toBe(413);
    expect(service.calls).toHaveLength(0);
  });

  it('refuses an upload name that names a folder', async () => {
    const reply = await request('POST', '/api/upload?name=..', { body: 'x' });
    expect(reply.status).toBe(400);
  });

  it('exports to a private folder and serves the files as attachments, only with the token', async () => {
    const reply = await request('POST', '/api/export', {
      body: JSON.stringify({ format: 'csv', filter: { actors: ['alice'] }, path: '/etc/x' }),
    });
    expect(reply.status).toBe(200);
    const value = reply.json().value as { manifest: { file: string }; files: { name: string; url: string }[] };
    expect(value.files.map((f) => f.name).sort()).toEqual(
      [value.manifest.file, `${value.manifest.file}.manifest.json`].sort(),
    );
    expect((service.calls[0].args as { path: string }).path).not.toBe('/etc/x');
    const csv = value.files.find((f) => f.name === value.manifest.file)!;
    const download = await request('GET', csv.url);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain(`attachment; filename="${csv.name}"`);
    expect(download.text).toBe('seq,timestamp\n1,2026-01-01T00:00:00Z\n');
    expect((await request('GET', csv.url, { auth: null })).status).toBe(401);
    expect((await request('GET', csv.url.replace(/[0-9a-f]{32}/, '0'.repeat(32)))).status).toBe(404);
  });

  it('streams progress events of a job and cancels it by job.cancel', async () => {
    const events: string[] = [];
    let onConnected: () => void = () => {};
    const connected = new Promise<void>((resolve) => (onConnected = resolve));
    const stream = new Promise<void>((resolve) => {
      http.get(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/progress',
          headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}` },
        },
        (res) => {
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          res.on('data', (chunk: Buffer) => {
            events.push(chunk.toString());
            if (events.join('').includes(': connected')) onConnected();
            if (events.join('').includes('"jobId":"job-1"')) resolve();
          });
        },
      );
    });
    await connected; // subscribed before the job starts, so no event can be missed
    const verify = request('POST', '/api/verify.run', { body: JSON.stringify({ jobId: 'job-1' }) });
    await stream;
    expect(events.join('')).toContain('data: {"jobId":"job-1","phase":"Verifying","done":1,"total":10}');
    expect((await request('POST', '/api/job.cancel', { body: JSON.stringify({ jobId: 'job-1' }) })).json()).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect((await verify).json()).toMatchObject({ ok: false, error: 'Verification cancelled.' });
  });

  it('serves the built renderer with the app CSP and nosniff, without a token', async () => {
    const page = await request('GET', '/', { auth: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>SignTrail</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await request('GET', '/assets/app.js', { auth: null })).headers['content-type']).toMatch(
      /^text\/javascript/,
    );
  });

  it('refuses path traversal out of the static folder', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const reply = await request('GET', attempt, { auth: null });
      expect(reply.text, attempt).not.toContain('do not serve');
      expect(reply.status, attempt).not.toBe(500);
    }
  });
});
