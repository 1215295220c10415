// Verify reads the case file as it is on disk now. SQLite keeps a connection's cached pages as long
// as the WAL index says nothing was committed, so a program that rewrote rows inside the file
// (bypassing SQLite) went unseen by Verify on the app's open connection: it said INTACT over bytes a
// verification on a new connection finds changed. The attacker here edits the file in place.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { closeKnownCase, openKnownCase } from '../report/knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  // One folder for the whole file: the service keeps the store open from test to test.
  ({ dir, storePath, service } = await openKnownCase('signtrail-verifyfiles-'));
});

afterAll(() => closeKnownCase(service, dir));

const verify = () => service.invoke('verify.run', parseArgs('verify.run', {}), noJobContext());

describe('Verify on the open case, the file edited in place by another program', () => {
  it('finds the edit', async () => {
    // Everything into the main file, so the edit below lands in the pages SQLite reads from it.
    const other = new Database(storePath);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    expect((await verify()).ok).toBe(true);
    // The app reads the case (a view, a detection run...): its connection caches the pages.
    expect((await verify()).ok).toBe(true);
    await service.invoke('events.facets', parseArgs('events.facets', {}), noJobContext());

    const bytes = fs.readFileSync(storePath);
    const from = Buffer.from('"keySize":1024');
    let count = 0;
    for (let i = bytes.indexOf(from); i >= 0; i = bytes.indexOf(from, i + 1), count++) bytes.write('"keySize":4096', i);
    expect(count).toBeGreaterThan(0);
    const fd = fs.openSync(storePath, 'r+');
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
    fs.closeSync(fd);

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.findings.length).toBeGreaterThan(0);
  });
});
