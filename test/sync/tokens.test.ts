import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { startFakeAuditApi, type FakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, platformEvents, syncCase, writeTokenFile, type SyncCase } from './syncCase';

let c: SyncCase;
let api: FakeAuditApi;

beforeEach(async () => {
  c = syncCase();
  api = await startFakeAuditApi(platformEvents(12), 'tok-' + 'x'.repeat(24));
});
afterEach(() => c.db.close());

const run = () => syncSource(c.db, 'platform', { signer: c.signer, http: FAST });

it.skipIf(process.platform === 'win32')('refuses to add a token file other users can read', () => {
  const file = writeTokenFile(c.dir, api.token, 0o644);
  expect(() => addSource(c.db, { name: 'platform', url: api.url, tokenFile: file })).toThrow(
    `the token file ${file} for source platform is readable by other users (mode 0644). Run "chmod 600 ${file}" and try again.`,
  );
});

it('reads the token from a 0600 file and never writes it into the store', async () => {
  const file = writeTokenFile(c.dir, api.token, 0o600);
  addSource(c.db, { name: 'platform', url: api.url, tokenFile: file });
  expect(await run()).toMatchObject({ appended: 12, error: null });
  expect(api.requests[0].authorization).toBe(`Bearer ${api.token}`);
  c.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const f of fs.readdirSync(c.dir).filter((n) => n.startsWith('case.sqlite'))) {
    expect(fs.readFileSync(path.join(c.dir, f)).includes(api.token)).toBe(false);
  }
  await expectIntactStore(c.db, c.signer.verifierKey, 12);
});

it.skipIf(process.platform === 'win32')(
  'stops before any request when the token file became readable by others',
  async () => {
    const file = writeTokenFile(c.dir, api.token, 0o600);
    addSource(c.db, { name: 'platform', url: api.url, tokenFile: file });
    fs.chmodSync(file, 0o640);
    const report = await run();
    expect(report.errorKind).toBe('config');
    expect(report.error).toMatch(/is readable by other users \(mode 0640\)/);
    expect(api.requests).toHaveLength(0);
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
  },
);

it('says which environment variable to set when it is missing', async () => {
  delete process.env.SIGNTRAIL_UNSET_TOKEN;
  addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_UNSET_TOKEN' });
  const report = await run();
  expect(report.error).toBe(
    'the token for source platform is read from $SIGNTRAIL_UNSET_TOKEN, which is not set. Set it (export SIGNTRAIL_UNSET_TOKEN=...) and run sync again.',
  );
  expect(api.requests).toHaveLength(0);
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it('says to fix the token file when the server refuses its token', async () => {
  const file = writeTokenFile(c.dir, 'stale-token', 0o600);
  addSource(c.db, { name: 'platform', url: api.url, tokenFile: file });
  const report = await run();
  expect(report.error).toBe(
    `the token for source platform was refused (401): set a valid token in the file ${file}. Nothing was taken from it yet.`,
  );
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});
