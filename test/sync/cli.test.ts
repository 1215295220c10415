import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeEach, expect, it, vi } from 'vitest';
import { openStore } from '../../electron/store/db';
import { signtrail } from '../cli/process';
import { startFakeAuditApi, type FakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { platformEvents, syncCase, writeTokenFile, type SyncCase } from './syncCase';

// Each test starts several real signtrail processes; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 300_000 });

let c: SyncCase;
let api: FakeAuditApi;
let store: string;

beforeEach(async () => {
  c = syncCase();
  c.db.close();
  store = path.join(c.dir, 'cli-case.sqlite');
  api = await startFakeAuditApi(platformEvents(6000));
});

/** Runs `signtrail sources|sync ARGV` as a real process: its exit status and what it printed. */
async function cli(command: 'sources' | 'sync', argv: string[], env: Record<string, string> = {}) {
  const run = await signtrail(c.home, [command, ...argv], env);
  return { status: run.code, out: run.out.replace(/\n$/, ''), err: run.err.replace(/\n$/, '') };
}

async function checkStore(expected: number) {
  const db = openStore(store);
  try {
    await expectIntactStore(db, c.signer.verifierKey, expected);
  } finally {
    db.close();
  }
}

it('adds an API source with a 0600 token file, lists it without any token, and syncs it once', async () => {
  expect(fs.existsSync(store)).toBe(false); // sources add creates the store
  const tokenFile = writeTokenFile(c.dir, api.token);
  const added = await cli('sources', [
    'add',
    '--store',
    store,
    '--name',
    'platform',
    '--url',
    api.url,
    '--token-file',
    tokenFile,
  ]);
  expect(added).toMatchObject({ status: 0, err: '' });
  expect(added.out).toBe(
    `Added http source platform: ${api.url}. Run "signtrail sync --store ${store} --source platform".`,
  );

  const listed = await cli('sources', ['list', '--store', store, '--json']);
  expect(JSON.parse(listed.out)).toEqual([
    {
      name: 'platform',
      kind: 'http',
      location: api.url,
      lastRunAt: null,
      lastAppended: null,
      lastError: null,
      confirmed: true,
    },
  ]);
  expect(listed.out).not.toContain(api.token);

  const synced = await cli('sync', ['--store', store, '--json']);
  expect(synced.status).toBe(0);
  const [report] = JSON.parse(synced.out);
  expect(report).toMatchObject({
    source: 'platform',
    appended: 6000,
    duplicates: 0,
    pages: 3,
    cursor: 'c6000',
    error: null,
  });
  const again = await cli('sync', ['--store', store, '--source', 'platform']);
  expect(again).toMatchObject({
    status: 0,
    out: 'platform: 0 events added, 0 already present, 0 conflicts (1 page, cursor c6000).',
  });
  await checkStore(6000);
});

it('refuses plain http to another machine as a usage error (exit 2)', async () => {
  const result = await cli('sources', [
    'add',
    '--store',
    store,
    '--name',
    'x',
    '--url',
    'http://signing.example.com/events',
    '--token-env',
    'T',
  ]);
  expect(result.status).toBe(2);
  expect(result.err).toMatch(/^signtrail sources: plain http:\/\/ is refused for signing\.example\.com/);
  await checkStore(0);
});

it('exits 2 with the token message when the server refuses the token, 1 when a page is refused', async () => {
  process.env.SIGNTRAIL_CLI_TOKEN = 'not-the-token';
  await cli('sources', [
    'add',
    '--store',
    store,
    '--name',
    'platform',
    '--url',
    api.url,
    '--token-env',
    'SIGNTRAIL_CLI_TOKEN',
  ]);
  const refused = await cli('sync', ['--store', store]);
  expect(refused.status).toBe(2);
  expect(refused.err).toContain(
    'platform: the token for source platform was refused (401): set a valid token in $SIGNTRAIL_CLI_TOKEN.',
  );

  process.env.SIGNTRAIL_CLI_TOKEN = api.token;
  api.fault = (r) => (r.after === 'c5000' ? { kind: 'body', body: 'not json' } : undefined);
  const malformed = await cli('sync', ['--store', store]);
  expect(malformed.status).toBe(1);
  expect(malformed.err).toMatch(/the page after cursor "c5000" was refused: it is not JSON/);
  const listed = await cli('sources', ['list', '--store', store]);
  expect(listed.out).toMatch(
    /^platform {2}http {2}http:\/\/127\.0\.0\.1:\d+\/api\/audit\/events {2}\(last sync .*, 5000 events added\)\n {2}last error: source platform: the page after cursor "c5000"/,
  );
  await checkStore(5000);
});

it('adds and removes a folder source; removing keeps the events', async () => {
  const added = await cli('sources', ['add', '--store', store, '--name', 'share', '--folder', c.dir]);
  expect(added.status).toBe(0);
  const removed = await cli('sources', ['remove', '--store', store, '--name', 'share']);
  expect(removed).toMatchObject({ status: 0, out: 'Removed source share; the events it brought stay in the case.' });
  const again = await cli('sources', ['remove', '--store', store, '--name', 'share']);
  expect(again.status).toBe(2);
  expect(again.err).toBe(
    'signtrail sources: this case has no source named share. List them with "signtrail sources list".\nRun "signtrail sources --help" for usage.',
  );
  await checkStore(0);
});

it('exits 1 when the API serves a stored event again with other content, keeping the stored one', async () => {
  await cli('sources', [
    'add',
    '--store',
    store,
    '--name',
    'platform',
    '--url',
    api.url,
    '--token-file',
    writeTokenFile(c.dir, api.token),
  ]);
  expect((await cli('sync', ['--store', store])).status).toBe(0);
  const changed = { ...(api.events[0] as object), status: 'FAILURE' };
  api.fault = (r) => (r.after === 'c6000' ? { kind: 'events', events: [changed], next: null } : undefined);
  const conflict = await cli('sync', ['--store', store]);
  expect(conflict.status).toBe(1);
  expect(conflict.out).toMatch(/1 conflicts/);
  expect(conflict.out).toMatch(/conflict: event .* was served again with other content; the stored one is kept\./);
  await checkStore(6000);
});

it('exits 2 when the source cannot be reached (connection refused after its retries)', async () => {
  await cli('sources', [
    'add',
    '--store',
    store,
    '--name',
    'platform',
    '--url',
    api.url,
    '--token-env',
    'SIGNTRAIL_CLI_TOKEN',
  ]);
  await api.close();
  const unreachable = await cli('sync', ['--store', store], { SIGNTRAIL_CLI_TOKEN: api.token });
  expect(unreachable.status).toBe(2);
  expect(unreachable.err).toMatch(/platform could not be synced/);
  await checkStore(0);
});

it('--ca-file trusts a corporate CA for an https source (exit 0); without it the certificate is refused (exit 2)', async () => {
  const tls = path.join(import.meta.dirname, 'fixtures', 'tls');
  const events = platformEvents(5);
  const server = https.createServer(
    { key: fs.readFileSync(path.join(tls, 'srv.key')), cert: fs.readFileSync(path.join(tls, 'srv.pem')) },
    (req, res) => {
      const after = new URL(req.url!, 'https://x').searchParams.get('after');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(after === null ? { events, next: 'end' } : { events: [], next: null }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    const env = { SIGNTRAIL_CLI_TOKEN: 't' };
    const base = ['add', '--store', store, '--url', url, '--token-env', 'SIGNTRAIL_CLI_TOKEN'];
    expect((await cli('sources', [...base, '--name', 'plain'], env)).status).toBe(0);
    const refused = await cli('sync', ['--store', store, '--source', 'plain'], env);
    expect(refused.status).toBe(2);
    expect(refused.err).toMatch(/could not be verified.*--ca-file/s);
    const added = await cli('sources', [...base, '--name', 'corp', '--ca-file', path.join(tls, 'ca.pem')], env);
    expect(added.status).toBe(0);
    expect(await cli('sync', ['--store', store, '--source', 'corp'], env)).toMatchObject({ status: 0 });
    await checkStore(5);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
