// Decision 5 of issue 14: a sync run that brings many events appends without the filter indexes
// (each page still its own commit) and recreates them once at its end. Between those commits the
// store is in a recorded "catching up" state that opening, the schema check and verify accept,
// and that the next open for writing completes, also after the process was killed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { CATCH_UP_META_KEY, readCatchUp } from '../../electron/store/catchUp';
import { openStore, SchemaMismatchError, type Db } from '../../electron/store/db';
import { queryEvents } from '../../electron/store/query';
import { pageRequestSchema } from '../../shared/filter';
import { expectedIndexes, schemaDifferences } from '../../electron/store/schema';
import { addSource, getSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { startFakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, platformEvents, syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
afterEach(() => c.db.close());

const eventIndexes = (db: Db) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name").pluck().all();
const allIndexes = () =>
  expectedIndexes('events')
    .map((i) => i.name)
    .sort();

function readOnly<T>(storePath: string, fn: (db: Db) => T): T {
  const db = openStore(storePath, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function verifiedReadOnly(storePath: string, verifierKey: string, events: number): Promise<void> {
  const db = openStore(storePath, { readonly: true });
  try {
    const report = await verifyStore(db, { ownVerifierKey: verifierKey, trustedKeys: [], outsideCheckpoints: [] });
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('intact');
    expect(report.eventsChecked).toBe(events);
  } finally {
    db.close();
  }
}

describe('sync on the bulk path', () => {
  it('appends a large run without the filter indexes, page by page, and recreates them at its end', async () => {
    c = syncCase();
    const api = await startFakeAuditApi(platformEvents(120));
    process.env.SIGNTRAIL_BULK_TOKEN = api.token;
    addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_BULK_TOKEN' });
    // What another connection (the grid's) sees between the run's commits.
    const seen: { pages: number; catchingUp: boolean; indexes: number; differences: number; rows: number }[] = [];
    const report = await syncSource(c.db, 'platform', {
      signer: c.signer,
      http: { ...FAST, bulkMinEvents: 30, eventsPerCommit: 10 },
      onProgress: (r) =>
        seen.push(
          readOnly(c.storePath, (db) => ({
            pages: r.pages,
            catchingUp: readCatchUp(db) !== null,
            indexes: eventIndexes(db).length,
            differences: schemaDifferences(db).length,
            rows: queryEvents(db, pageRequestSchema.parse({ filter: { statuses: ['SUCCESS'] }, limit: 5 })).rows.length,
          })),
        ),
    });
    expect(report).toMatchObject({ appended: 120, error: null, cursor: 'c120' });
    // Rows 1-20 row by row (the store is smaller than the run so far, and under 30 events), then bulk.
    expect(seen.slice(0, 2).every((s) => !s.catchingUp && s.indexes === allIndexes().length)).toBe(true);
    const during = seen.filter((s) => s.catchingUp);
    expect(during.length).toBeGreaterThanOrEqual(5);
    for (const s of during) {
      expect(s.indexes).toBe(0);
      expect(s.differences).toBe(0); // the schema check accepts exactly this
      expect(s.rows).toBe(5); // the grid still answers, without its indexes
    }
    expect(readCatchUp(c.db)).toBeNull();
    expect(eventIndexes(c.db)).toEqual(allIndexes());
    expect(schemaDifferences(c.db)).toEqual([]);
    await expectIntactStore(c.db, c.signer.verifierKey, 120);
  });

  it('keeps the row-by-row path for a small incremental run', async () => {
    c = syncCase();
    const api = await startFakeAuditApi(platformEvents(25));
    process.env.SIGNTRAIL_BULK_TOKEN = api.token;
    addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_BULK_TOKEN' });
    const states: boolean[] = [];
    const report = await syncSource(c.db, 'platform', {
      signer: c.signer,
      http: { ...FAST, bulkMinEvents: 30, eventsPerCommit: 10 },
      onProgress: () => states.push(readOnly(c.storePath, (db) => readCatchUp(db) !== null)),
    });
    expect(report).toMatchObject({ appended: 25, error: null });
    expect(states.length).toBeGreaterThan(2);
    expect(states.every((s) => !s)).toBe(true);
    await expectIntactStore(c.db, c.signer.verifierKey, 25);
  });

  it('recreates the indexes when the run ends on a fault of the source', async () => {
    c = syncCase();
    const api = await startFakeAuditApi(platformEvents(80));
    process.env.SIGNTRAIL_BULK_TOKEN = api.token;
    addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_BULK_TOKEN' });
    api.fault = (r) => (r.after === 'c60' ? { kind: 'status', code: 401 } : undefined);
    const states: boolean[] = [];
    const report = await syncSource(c.db, 'platform', {
      signer: c.signer,
      http: { ...FAST, bulkMinEvents: 20, eventsPerCommit: 10 },
      onProgress: () => states.push(readOnly(c.storePath, (db) => readCatchUp(db) !== null)),
    });
    expect(report).toMatchObject({ appended: 60, errorKind: 'auth' });
    expect(states.filter(Boolean).length).toBeGreaterThanOrEqual(4); // it did take the bulk path
    expect(readCatchUp(c.db)).toBeNull();
    expect(eventIndexes(c.db)).toEqual(allIndexes());
    await expectIntactStore(c.db, c.signer.verifierKey, 60);
  });

  it('refuses any other schema difference while catching up', () => {
    c = syncCase();
    c.db.exec('DROP INDEX events_ts');
    c.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(CATCH_UP_META_KEY, '{}');
    expect(schemaDifferences(c.db)).toEqual([]);
    c.db.exec('CREATE INDEX events_extra ON events (event_id)');
    expect(schemaDifferences(c.db).map((d) => d.object)).toEqual(['index events_extra']);
    c.db.exec('DROP INDEX events_extra');
    c.db.exec('DROP TRIGGER events_no_update');
    expect(schemaDifferences(c.db).map((d) => d.object)).toEqual(['trigger events_no_update']);
    c.db.close();
    expect(() => openStore(c.storePath)).toThrow(SchemaMismatchError);
    c.db = openStore(c.storePath, { readonly: true });
  });
});

describe('a bulk sync killed mid-run (real child process, real HTTP server on 127.0.0.1)', () => {
  async function runChild(mode: string, until: (storePath: string) => boolean, exitedAlone = false) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'bulkCrashChild.ts'), c.storePath, mode],
      { env: { ...process.env, SIGNTRAIL_HOME: c.home }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    if (!exitedAlone) {
      const deadline = Date.now() + 30_000;
      while (!until(c.storePath)) {
        if (Date.now() > deadline) throw new Error(`the child never got there: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      child.kill('SIGKILL');
    }
    expect(await exited, stderr).toBe('SIGKILL');
  }

  it('between pages: the store is in the recorded state, verifies intact, and the next open completes it', async () => {
    c = syncCase();
    const api = await startFakeAuditApi(platformEvents(90));
    process.env.SIGNTRAIL_CRASH_TOKEN = api.token;
    addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_CRASH_TOKEN' });
    // The page after c60 never comes: the child is killed once c60 is committed, indexes dropped.
    api.fault = (r) => (r.after === 'c60' ? { kind: 'hang' } : undefined);
    const cursor = (p: string) => readOnly(p, (db) => getSource(db, 'platform').cursor);
    await runChild('between-pages', (p) => cursor(p) === 'c60');

    readOnly(c.storePath, (db) => {
      expect(readCatchUp(db)?.by).toBe('sync of source platform');
      expect(eventIndexes(db)).toEqual([]);
      expect(schemaDifferences(db)).toEqual([]);
    });
    await verifiedReadOnly(c.storePath, c.signer.verifierKey, 60);

    c.db.close();
    c.db = openStore(c.storePath); // opening for writing completes the catch-up
    expect(readCatchUp(c.db)).toBeNull();
    expect(eventIndexes(c.db)).toEqual(allIndexes());
    await expectIntactStore(c.db, c.signer.verifierKey, 60);

    api.fault = () => undefined;
    const resumed = await syncSource(c.db, 'platform', { signer: c.signer, http: FAST });
    expect(resumed).toMatchObject({ appended: 30, duplicates: 0, error: null, cursor: 'c90' });
    await expectIntactStore(c.db, c.signer.verifierKey, 90);
  });

  it('inside the final catch-up transaction: rolled back to the recorded state, completed on the next open', async () => {
    c = syncCase();
    const api = await startFakeAuditApi(platformEvents(50));
    process.env.SIGNTRAIL_CRASH_TOKEN = api.token;
    addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_CRASH_TOKEN' });
    await runChild('in-catch-up', () => false, true);

    readOnly(c.storePath, (db) => {
      expect(getSource(db, 'platform').cursor).toBe('c50');
      expect(readCatchUp(db)).not.toBeNull();
      expect(eventIndexes(db)).toEqual([]); // the two recreated before the kill were rolled back
      expect(schemaDifferences(db)).toEqual([]);
    });
    await verifiedReadOnly(c.storePath, c.signer.verifierKey, 50);

    c.db.close();
    c.db = openStore(c.storePath);
    expect(readCatchUp(c.db)).toBeNull();
    expect(eventIndexes(c.db)).toEqual(allIndexes());
    expect(schemaDifferences(c.db)).toEqual([]);
    await expectIntactStore(c.db, c.signer.verifierKey, 50);
  });
});
