import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { asReadable, getMeta, openStore } from '../../electron/store/db';
import { createWriteQueue } from '../../electron/store/writeQueue';
import { noJobContext } from '../../shared/handlers';
import { syncHandlers } from '../../electron/sync/handlers';
import { addSource, findSource } from '../../electron/sync/sources';
import type { TokenVault } from '../../electron/sync/tokens';
import { parseArgs } from '../../shared/channels';
import { startFakeAuditApi, type FakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, platformEvents, syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
let api: FakeAuditApi;

beforeEach(async () => {
  c = syncCase();
  api = await startFakeAuditApi(platformEvents(25));
});
afterEach(() => c.db.close());

/** The app's vault (safeStorage) stands behind this interface; here an in-memory one. */
function memoryVault(): TokenVault {
  const tokens = new Map<string, string>();
  return {
    get: async (name) => tokens.get(name) ?? null,
    set: async (name, token) => void tokens.set(name, token),
    describe: (name) => `the sources dialog (token of ${name})`,
  };
}

/** The user confirms a source of the case as the app shows it (the desktop asks in a native box first). */
function confirmAs(handlers: ReturnType<typeof syncHandlers>, name: string): void {
  const location = findSource(c.db, name)!.location;
  handlers['sync.confirmSource'](parseArgs('sync.confirmSource', { name, location }));
}

it('sync.run syncs every source through the vault it is given, and sync.sources shows their last run', async () => {
  addSource(c.db, { name: 'platform', url: api.url });
  const vault = memoryVault();
  const progress: number[] = [];
  const handlers = syncHandlers(c.store, { vault, http: FAST, confirmations: c.confirmations });
  await handlers['sync.setToken'](parseArgs('sync.setToken', { name: 'platform', token: api.token }));
  confirmAs(handlers, 'platform');
  const ctx = { ...noJobContext(), progress: (_phase: string, done: number) => progress.push(done) };
  const reports = await handlers['sync.run'](parseArgs('sync.run', {}), ctx);
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatchObject({ source: 'platform', appended: 25, pages: 4, cursor: 'c25', error: null });
  expect(progress).toEqual([10, 20, 25, 25]);
  const [view] = handlers['sync.sources'](parseArgs('sync.sources', {}), noJobContext());
  expect(view).toMatchObject({ name: 'platform', kind: 'http', location: api.url, lastAppended: 25, lastError: null });
  expect(Object.keys(view).sort()).toEqual([
    'confirmed',
    'kind',
    'lastAppended',
    'lastError',
    'lastRunAt',
    'location',
    'name',
  ]);
  await expectIntactStore(c.db, c.signer.verifierKey, 25);
});

it('sync.run names the sources dialog when the app vault has a refused token', async () => {
  addSource(c.db, { name: 'platform', url: api.url });
  const vault = memoryVault();
  const handlers = syncHandlers(c.store, { vault, http: FAST, confirmations: c.confirmations });
  await handlers['sync.setToken'](parseArgs('sync.setToken', { name: 'platform', token: 'expired' }));
  confirmAs(handlers, 'platform');
  const [report] = await handlers['sync.run'](parseArgs('sync.run', { source: 'platform' }), noJobContext());
  expect(report.error).toBe(
    'the token for source platform was refused (401): set a valid token in the sources dialog (token of platform). Nothing was taken from it yet.',
  );
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it('sync.run refuses an unknown source by name', async () => {
  const handlers = syncHandlers(c.store, { confirmations: c.confirmations });
  await expect(handlers['sync.run'](parseArgs('sync.run', { source: 'nope' }), noJobContext())).rejects.toThrow(
    'this case has no source named nope. List its sources with "signtrail sources list".',
  );
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it('a copy of a confirmed case at another path (same origin, same source row) does not inherit the confirmation', async () => {
  // The attack: the origin is written in the case file (and printed in reports and checkpoints), so
  // a crafted case can copy a genuine case's origin and its confirmed source. It must ask again.
  addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_TEST_TOKEN' });
  const handlers = syncHandlers(c.store, { http: FAST, confirmations: c.confirmations });
  confirmAs(handlers, 'platform');
  expect(handlers['sync.sources'](parseArgs('sync.sources', {}), noJobContext())[0].confirmed).toBe(true);

  const copyPath = path.join(c.dir, 'crafted.sqlite');
  await c.db.backup(copyPath);
  const copy = openStore(copyPath);
  try {
    expect(getMeta(copy, 'origin')).toBe(getMeta(c.db, 'origin'));
    const crafted = syncHandlers(
      { ...c.store, storePath: copyPath, db: asReadable(copy), runExclusive: createWriteQueue(copyPath) },
      { http: FAST, confirmations: c.confirmations },
    );
    expect(crafted['sync.sources'](parseArgs('sync.sources', {}), noJobContext())[0].confirmed).toBe(false);
    process.env.SIGNTRAIL_TEST_TOKEN = api.token;
    const [report] = await crafted['sync.run'](parseArgs('sync.run', { source: 'platform' }), noJobContext());
    expect(report.error).toContain('this installation never confirmed it');
    expect(api.requests).toHaveLength(0);
  } finally {
    delete process.env.SIGNTRAIL_TEST_TOKEN;
    copy.close();
  }
});
