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

function committedCursor(storePath: string): string | null {
  const db = openStore(storePath, { readonly: true });
  try {
    return getSource(db, 'platform').cursor;
  } finally {
    db.close();
  }
}
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
  // The fourth page never comes: once the first three are committed (pages are fetched ahead, so
  // the request alone says nothing), the process is killed while it waits for the fourth.
  api.fault = (r) => (r.after === 'c30' ? { kind: 'hang' } : undefined);
  const deadline = Date.now() + 20_000;
  while (committedCursor(c.storePath) !== 'c30') {
    if (Date.now() > deadline) throw new Error(`the child never committed the third page: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill('SIGKILL');
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
