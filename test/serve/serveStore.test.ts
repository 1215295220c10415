// `signtrail serve` end to end on a real store: the real service behind the real server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStore } from '../../electron/serve/serveStore';
import { createDemoCase } from '../../electron/service/demoCase';
import type { RunningServer } from '../../electron/serve/startServer';

let tmp: string;
let server: RunningServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-serve-store-'));
  const home = path.join(tmp, 'home');
  await createDemoCase(path.join(tmp, 'case.sqlite'), 500, undefined, { home });
  server = await serveStore({ storePath: path.join(tmp, 'case.sqlite'), home, staticDir: null });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const post = (channel: string, body: unknown) =>
  fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('signtrail serve on a real store', () => {
  it('answers queries and verification from the store', async () => {
    const page = await (await post('events.query', { limit: 3, sort: { field: 'seq', dir: 'asc' } })).json();
    expect(page.value.total).toBe(500);
    expect(page.value.rows.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
    const report = await (await post('verify.run', {})).json();
    expect(report.value).toMatchObject({ ok: true, eventsChecked: 500 });
  });

  it('imports an uploaded CSV and counts its events', async () => {
    const csv =
      'Event ID,Timestamp,Actor,Action,Entity,Status\nup-1,2026-03-05T10:00:00Z,zed@example.com,KEY_CREATED,Key:key-up-1,SUCCESS\n';
    const reply = await fetch(`http://127.0.0.1:${server.port}/api/upload?name=upload.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: csv,
    });
    const body = await reply.json();
    expect(body.ok, body.error).toBe(true);
    expect(body.value[0]).toMatchObject({ file: 'upload.csv', appended: 1, rejected: null });
    const info = await (await post('store.info', {})).json();
    expect(info.value.eventCount).toBe(501);
  });

  it('says the UI is not built when there is no renderer bundle', async () => {
    const reply = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(await reply.text()).toMatch(/npm run build:renderer/);
  });
});
