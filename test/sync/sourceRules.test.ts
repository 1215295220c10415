// One schema for a sync source (shared/sync.ts): the same invalid names and URLs are refused with
// the same sentence from the command line, from browser mode's HTTP and by a direct call into the
// service or the sync module. And what browser mode may not do at all (confirm a source, the
// installation's key and demo channels) is refused by HTTP and by the dispatcher behind it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../electron/serve/startServer';
import { dispatch, DesktopOnlyError } from '../../electron/service/dispatch';
import { homeHandlers } from '../../electron/service/homeHandlers';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { createService } from '../../electron/service/service';
import type { Service } from '../../electron/service/types';
import { CONFIRMATIONS_FILE } from '../../electron/sync/confirmations';
import { addSource } from '../../electron/sync/sources';
import { openStore } from '../../electron/store/db';
import { channels, isCliOrDesktop, NOT_IN_BROWSER_CHANNELS, type Channel } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { cli } from '../helpers/cli';

const URL_OK = 'https://audit.example.com/v1/events';
const BAD_NAMES = ['with space', '-dash-first', '.hidden', 'a'.repeat(65), 'ümlaut', 'slash/name', 'semi;colon'];
const BAD_URLS = ['not a url', 'ftp://files.example.com/audit', 'javascript:alert(1)', 'file:///etc/passwd'];

let dir: string;
let store: string;
/** Each door works on its own case file (one writer per case). */
let cliStore: string;
let moduleStore: string;
let service: Service;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-source-rules-'));
  process.env.SIGNTRAIL_HOME = path.join(dir, 'home');
  store = path.join(dir, 'case.sqlite');
  cliStore = path.join(dir, 'cli-case.sqlite');
  moduleStore = path.join(dir, 'module-case.sqlite');
  service = createService({ storePath: store, home: process.env.SIGNTRAIL_HOME });
  server = await startServer({ service, staticDir: null });
});
afterAll(async () => {
  await server.close();
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function viaHttp(channel: string, body: unknown): Promise<{ status: number; error?: string; code?: string }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as { error?: string; code?: string };
  return { status: response.status, ...reply };
}

async function viaCli(name: string, url: string): Promise<{ code: number; message: string }> {
  const run = await cli('sources', 'add', '--store', cliStore, `--name=${name}`, `--url=${url}`);
  const first = /^signtrail sources: (.*)$/m.exec(run.err);
  return { code: run.code, message: first?.[1] ?? run.err };
}

async function viaService(name: string, url: string): Promise<string> {
  // Past every door: the service's handler with arguments no door parsed.
  const args = { name, url } as never;
  return service.invoke('sync.addSource', args, noJobContext()).then(
    () => 'accepted',
    (err: Error) => err.message,
  );
}

function viaModule(name: string, url: string): string {
  const db = openStore(moduleStore);
  try {
    addSource(db, { name, url });
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  } finally {
    db.close();
  }
}

describe('one rule for a source, at every door', () => {
  it.each([
    ...BAD_NAMES.map((name) => ({ name, url: URL_OK, field: 'name' })),
    ...BAD_URLS.map((url) => ({ name: 'platform', url, field: 'url' })),
  ])(
    'refuses name "$name" url "$url" identically from the CLI, HTTP, the service and the sync module',
    async ({ name, url, field }) => {
      const http = await viaHttp('sync.addSource', { name, url });
      expect(http).toMatchObject({ status: 400, code: 'InvalidArgumentsError' });
      expect(http.error).toMatch(new RegExp(`^sync\\.addSource: invalid argument ${field}: `));
      const fromCli = await viaCli(name, url);
      expect(fromCli.code).toBe(2);
      expect(fromCli.message).toBe(http.error);
      expect(await viaService(name, url)).toBe(http.error);
      expect(viaModule(name, url)).toBe(http.error);
    },
  );

  it('the name rule is the sync module\'s: 1-64 of letters, digits, ".", "_", "-", starting with a letter or digit', async () => {
    for (const name of ['p', 'platform.prod_1', '9-lives', 'a'.repeat(64)])
      expect(channels['sync.addSource'].args.safeParse({ name, url: URL_OK }).success, name).toBe(true);
    // Accepted at every door alike, and a taken name refused alike.
    const taken = 'a source named platform.prod_1 already exists; remove it first or choose another name.';
    expect(await viaHttp('sync.addSource', { name: 'platform.prod_1', url: URL_OK })).toMatchObject({
      status: 200,
      value: { name: 'platform.prod_1', location: URL_OK },
    });
    expect(await viaHttp('sync.addSource', { name: 'platform.prod_1', url: URL_OK })).toMatchObject({ error: taken });
    expect(await viaCli('platform.prod_1', URL_OK)).toMatchObject({ code: 0 });
    expect(await viaCli('platform.prod_1', URL_OK)).toEqual({ code: 2, message: taken });
    expect(viaModule('platform.prod_1', URL_OK)).toBe('accepted');
    expect(viaModule('platform.prod_1', URL_OK)).toBe(taken);
    expect(await viaService('platform.prod_1', URL_OK)).toBe(taken);
  });
});

describe('what browser mode may not do', () => {
  it('the contract marks confirming a source and the installation channels as CLI or desktop only', () => {
    for (const c of ['sync.confirmSource', 'key.verifier', 'demo.create'] as Channel[]) {
      expect(isCliOrDesktop(c), c).toBe(true);
      expect(NOT_IN_BROWSER_CHANNELS).toContain(c);
    }
    expect(NOT_IN_BROWSER_CHANNELS).toContain('sync.setToken');
  });

  it('HTTP refuses each of them, whatever the arguments', async () => {
    const demo = path.join(dir, 'made-by-a-page.sqlite');
    const confirmed = path.join(process.env.SIGNTRAIL_HOME!, CONFIRMATIONS_FILE);
    const before = fs.readFileSync(confirmed, 'utf8');
    const tries: [Channel, unknown][] = [
      ['sync.confirmSource', { name: 'platform.prod_1', location: URL_OK }],
      ['key.verifier', {}],
      ['demo.create', { path: demo, events: 10 }],
      ['sync.setToken', { name: 'platform.prod_1', token: 'secret' }],
    ];
    for (const [channel, args] of tries) {
      const reply = await viaHttp(channel, args);
      expect(reply.status, channel).toBeGreaterThanOrEqual(400);
      expect(reply.status, channel).toBeLessThan(500);
      expect(reply.error, channel).toMatch(/browser mode/);
    }
    expect(fs.existsSync(demo)).toBe(false);
    expect(fs.readFileSync(confirmed, 'utf8')).toBe(before);
  });

  it('the dispatcher itself refuses them for the browser host even with the installation handlers at hand', async () => {
    const deps = {
      service: () => service,
      jobs: createJobRegistry(),
      host: 'browser' as const,
      shell: { 'app.mode': () => ({ mode: 'browser' as const, hasStore: true }) },
      home: homeHandlers({ home: process.env.SIGNTRAIL_HOME }),
    };
    for (const channel of ['sync.confirmSource', 'key.verifier', 'demo.create'] as const) {
      const args =
        channel === 'demo.create'
          ? { path: path.join(dir, 'x.sqlite') }
          : channel === 'sync.confirmSource'
            ? { name: 'platform.prod_1', location: URL_OK }
            : {};
      await expect(dispatch(channel, args, deps)).rejects.toThrow(DesktopOnlyError);
      await expect(dispatch(channel, args, deps)).rejects.toThrow(
        `"${channel}" is not available in browser mode; it needs the desktop app or the command line.`,
      );
    }
    // The same installation handlers answer the command line.
    const key = await dispatch('key.verifier', {}, { ...deps, host: 'cli', shell: undefined });
    expect(key).toMatchObject({ verifierKey: expect.stringMatching(/^[^+]+\+[0-9a-f]{8}\+/) });
  });
});
