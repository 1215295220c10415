import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../electron/store/db';
import { addSource, getSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { startFakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, importRows, platformEvents, syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
afterEach(() => c.db.close());

it('resumes after the syncing process is killed between pages, with no gap and no duplicate', async () => {
  c = syncCase();
  const api = await startFakeAuditApi(platformEvents(47));
  process.env.SIGNTRAIL_CRASH_TOKEN = api.token;
  addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_CRASH_TOKEN' });

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crashChild.ts'), c.storePath], {
    env: { ...process.env, SIGNTRAIL_HOME: c.home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  // The fourth page never comes: the process dies waiting for it, after three committed pages.
  api.fault = (r) => {
    if (r.after !== 'c30') return undefined;
    child.kill('SIGKILL');
    return { kind: 'hang' };
  };
  expect(await exited, stderr).toBe('SIGKILL');

  const afterCrash = openStore(c.storePath);
  expect(getSource(afterCrash, 'platform').cursor).toBe('c30');
  await expectIntactStore(afterCrash, c.signer.verifierKey, 30);
  afterCrash.close();

  api.fault = () => undefined;
  const resumed = await syncSource(c.db, 'platform', { signer: c.signer, http: FAST });
  expect(resumed).toMatchObject({ appended: 17, duplicates: 0, conflicts: 0, error: null, cursor: 'c47' });
  expect(importRows(c.db).reduce((n, r) => n + r.duplicates, 0)).toBe(0);
  await expectIntactStore(c.db, c.signer.verifierKey, 47);
});
