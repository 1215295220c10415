// The store stamp a report's reuse rests on (store/storeStamp.ts) covered the case file and its WAL,
// not the WAL index (`-shm`). Which frame of the WAL holds a page is read from the WAL index, and a
// reader that finds its header unchanged keeps data_version as it was: a program that rewrote one
// 4-byte entry there (the newest frame of the events (action, ts) index page now names another
// page) made every read of that page — by the app's connection once the page left its cache, and
// by any new connection — take its previous version, from before the last import. The stamp stayed
// equal, so the next report reused a verification of the other state, and its retired-key figure
// lost the signing the last import added. The attacker has only the files of the open case.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore, type Db } from '../../electron/store/db';
import { dropPageCache } from '../../electron/store/storeStamp';
import { recentVerification, verifyNow } from '../../electron/report/verification';
import { buildReport } from '../../electron/report/buildReport';
import type { ComplianceReport } from '../../shared/report';
import { closeKnownCase, openKnownCase } from './knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  ({ dir, storePath, service } = await openKnownCase('signtrail-shmtamper-'));
  // A second import: one more signing with revoked k3, so the index page it lands in has two
  // versions in the WAL (the service keeps the case open, so the WAL is not checkpointed away).
  const more = path.join(dir, 'more.ndjson');
  fs.writeFileSync(
    more,
    JSON.stringify({
      id: 'known-21',
      timestamp: '2025-01-27T10:00:00.000000Z',
      actor: { id: 'svc-ci', type: 'service' },
      action: 'SIGNING_OPERATION',
      entity: { type: 'Key', id: 'k3' },
      status: 'SUCCESS',
      details: { requestId: 'req-5', keyId: 'k3', agent: 'agent-2' },
    }) + '\n',
  );
  const [summary] = await service.invoke('import.files', parseArgs('import.files', { paths: [more] }), noJobContext());
  expect(summary).toMatchObject({ rejected: null, appended: 1 });
});

afterAll(() => closeKnownCase(service, dir));

function retiredKeySignings(r: ComplianceReport): number {
  const c = r.controls.flatMap((x) => x.checks).find((x) => x.id === 'retired-key-use');
  return Number(c?.figures.find((f) => f.label === 'signings with a retired key')?.value);
}

/** The frames (1-based) of the WAL holding `page`, up to the WAL index's last committed frame. */
function framesOf(page: number): { frames: number[]; shm: Buffer } {
  const shm = fs.readFileSync(`${storePath}-shm`);
  const mxFrame = shm.readUInt32LE(16);
  const wal = fs.readFileSync(`${storePath}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const frames: number[] = [];
  for (let f = 1; f <= mxFrame; f++) if (wal.readUInt32BE(32 + (f - 1) * (24 + pageSize)) === page) frames.push(f);
  return { frames, shm };
}

describe('a report reusing a verification, the WAL index edited', () => {
  it('does not reuse it for the state the edited index shows', async () => {
    const verifierKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home'))).verifierKey;
    // Writable, as the service's own (a read-only one borrows a writable connection for FTS5's check).
    const db: Db = openStore(storePath);
    try {
      const report = (stamp?: Parameters<typeof buildReport>[0]['stamp']) =>
        buildReport(
          { db, storePath, verifierKey, verify: record.verify, blocks: record.blocks, stamp },
          { framework: 'pci-dss-4' },
        );
      const record = await verifyNow(db, { verifierKey, workers: 0 });
      expect(record.verify.ok).toBe(true);
      expect(retiredKeySignings(report(record.stamp))).toBe(2);
      expect(recentVerification(db, verifierKey)).toBe(record);

      const root = db
        .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events_action_ts'")
        .pluck()
        .get() as number;
      const { frames } = framesOf(root);
      expect(frames.length).toBeGreaterThanOrEqual(2);
      const newest = frames[frames.length - 1];
      expect(newest).toBeLessThanOrEqual(4062); // in the first hash table of the WAL index
      // The newest frame's page number in the WAL index (aPgno, after the 136-byte header) now names no page.
      const fd = fs.openSync(`${storePath}-shm`, 'r+');
      try {
        const entry = Buffer.alloc(4);
        entry.writeUInt32LE(0x7fffffff);
        fs.writeSync(fd, entry, 0, 4, 136 + 4 * (newest - 1));
      } finally {
        fs.closeSync(fd);
      }
      // The page leaves the connection's cache, as it does on a case larger than the cache.
      dropPageCache(db);
      // What the connection now reads is the index before the last import: one retired-key signing.
      expect(retiredKeySignings(report())).toBe(1);

      // The verification was of the other state: it must not be offered for this one.
      expect(recentVerification(db, verifierKey)).toBeNull();
      // And a verification of what is read now finds the index short of the rows.
      const again = await verifyNow(db, { verifierKey, workers: 0 });
      expect(again.verify.ok).toBe(false);
      expect(again.verify.findings.map((f) => f.message).join('\n')).toMatch(/Event 21 .* index events_action_ts/);
    } finally {
      db.close();
    }
  });
});
