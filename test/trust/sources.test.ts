// Issue 9, holes 4 and 5: the case file does not decide where secrets go. Real HTTP servers on
// 127.0.0.1: the platform's API and an attacker's listener.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { startServer } from '../../electron/serve/startServer';
import { createService } from '../../electron/service/service';
import { noJobContext } from '../../shared/handlers';
import type { Service } from '../../electron/service/types';
import { openStore } from '../../electron/store/db';
import { addSource } from '../../electron/sync/sources';
import { bindVaultToOrigin, type TokenVault } from '../../electron/sync/tokens';
import { checkSourceUrl, isLoopbackHost } from '../../electron/sync/urlPolicy';
import { startFakeAuditApi, type FakeAuditApi } from '../sync/fakeAuditApi';
import { platformEvents, writeTokenFile } from '../sync/syncCase';
import { tempDir } from '../helpers/tmp';
import { attacker } from './trustCase';

interface Listener {
  url: string;
  requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

async function startListener(): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"events":[],"next":null}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/steal`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let dir: string;
let home: string;
let storePath: string;
let service: Service;
let api: FakeAuditApi;
let thief: Listener;

beforeEach(async () => {
  dir = tempDir();
  home = path.join(dir, 'home');
  storePath = path.join(dir, 'case.sqlite');
  service = createService({ storePath, home });
  api = await startFakeAuditApi(platformEvents(5), 'the-real-token');
  thief = await startListener();
});

afterEach(async () => {
  service.close();
  await thief.close();
});

const run = (source?: string) => service.invoke('sync.run', { source }, noJobContext());

describe('hole 4: a source is used only after this installation confirmed it', () => {
  it('a source location edited in the case file is refused: nothing, not the 0600 token file, reaches the new URL', async () => {
    const tokenFile = writeTokenFile(dir, 'the-real-token');
    const added = await service.invoke('sync.addSource', { name: 'platform', url: api.url, tokenFile }, noJobContext());
    expect(added.confirmed).toBe(true);
    const [first] = await run('platform');
    expect(first).toMatchObject({ appended: 5, error: null });

    const raw = attacker(storePath);
    raw.prepare("UPDATE sync_sources SET location = ? WHERE name = 'platform'").run(thief.url);
    raw.close();
    const [second] = await run('platform');
    expect(second.errorKind).toBe('config');
    expect(second.error).toMatch(/source platform was not run: it changed since you confirmed it/);
    expect(second.error).toMatch(/signtrail sources confirm --store .* --name platform/);
    expect(thief.requests).toEqual([]);
    const [view] = await service.invoke('sync.sources', {}, noJobContext());
    expect(view.confirmed).toBe(false);
  });

  it('a case made elsewhere, its source reading $CLOUD_SECRET: never run until confirmed, then run once confirmed by the CLI', async () => {
    // The case file as someone else made it: a source this installation never saw.
    const db = openStore(storePath);
    addSource(db, { name: 'cloud', url: thief.url, tokenEnv: 'CLOUD_SECRET' });
    db.close();
    process.env.CLOUD_SECRET = 'cloud-secret-value';
    try {
      const [report] = await run();
      expect(report.error).toMatch(/this installation never confirmed it .*token from \$CLOUD_SECRET/);
      expect(thief.requests).toEqual([]);

      const saved = process.env.SIGNTRAIL_HOME;
      process.env.SIGNTRAIL_HOME = home;
      let out = '';
      try {
        const code = await runCli(['sources', 'confirm', '--store', storePath, '--name', 'cloud'], {
          out: (t) => (out += t),
          err: (t) => (out += t),
          progress: () => {},
        });
        expect(code).toBe(0);
      } finally {
        if (saved === undefined) delete process.env.SIGNTRAIL_HOME;
        else process.env.SIGNTRAIL_HOME = saved;
      }
      expect(out).toMatch(
        /Confirmed source cloud on this installation: http:\/\/127\.0\.0\.1:\d+, token from \$CLOUD_SECRET/,
      );
      await run();
      expect(thief.requests.map((r) => r.authorization)).toEqual(['Bearer cloud-secret-value']);
    } finally {
      delete process.env.CLOUD_SECRET;
    }
  });

  it('a confirmation is refused when the source no longer says what the user was shown', async () => {
    await service.invoke('sync.addSource', { name: 'platform', url: api.url }, noJobContext());
    const raw = attacker(storePath);
    raw.prepare("UPDATE sync_sources SET location = ? WHERE name = 'platform'").run(thief.url);
    raw.close();
    await expect(
      service.invoke('sync.confirmSource', { name: 'platform', location: api.url }, noJobContext()),
    ).rejects.toThrow(/now says http:\/\/127\.0\.0\.1:\d+\/steal, not .* as you were shown; nothing was confirmed/);
  });

  it('sealed tokens are bound to the URL origin they were entered for', async () => {
    const tokens = new Map<string, string>();
    const vault: TokenVault = {
      get: async (n) => tokens.get(n) ?? null,
      set: async (n, t) => void tokens.set(n, t),
      describe: () => 'the sources dialog',
    };
    let location = 'https://platform.example.com/api/audit';
    const bound = bindVaultToOrigin(vault, () => location);
    await bound.set('platform', 'sealed-token');
    expect(await bound.get('platform')).toBe('sealed-token');
    location = 'https://platform.example.com/other/path';
    expect(await bound.get('platform')).toBe('sealed-token');
    location = 'https://attacker.example.net/api/audit';
    expect(await bound.get('platform')).toBeNull();
  });
});

describe('hole 5: browser mode', () => {
  it('refuses sync.addSource naming an environment variable, over a real HTTP server', async () => {
    const staticDir = path.join(dir, 'dist');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>SignTrail</title>');
    const server = await startServer({ service, staticDir });
    try {
      const call = (channel: string, body: unknown) =>
        fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const reply = await call('sync.addSource', { name: 'x', url: thief.url, tokenEnv: 'HOME' });
      expect(reply.status).toBe(403);
      expect(((await reply.json()) as { error: string }).error).toMatch(/may not name an environment variable/);
      const confirm = await call('sync.confirmSource', { name: 'x', location: thief.url });
      expect(confirm.status).toBe(403);
      expect(await service.invoke('sync.sources', {}, noJobContext())).toEqual([]);
      expect(thief.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('a *.localhost name is not loopback: plain http to it is refused', () => {
    expect(isLoopbackHost('evil.localhost')).toBe(false);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(() => checkSourceUrl('http://attacker.localhost:8080/events')).toThrow(/plain http:\/\/ is refused/);
  });
});
