// The verification a report reuses is tied to the store's state by a stamp (store/storeStamp.ts).
// The WAL's change time was left out of it, so a program that rewrote bytes inside the WAL (the
// frames holding the newest pages) and put the WAL's modification time back kept the stamp equal:
// the next report said "Verification passed ... so it was not repeated" over bytes a fresh
// verification finds changed. The attacker here has only the file: it edits the WAL in place.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { openStore } from '../../electron/store/db';
import type { ReportOutcome } from '../../shared/report';
import { closeKnownCase, openKnownCase } from './knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  // One folder for the whole file: the service keeps the store open from test to test.
  ({ dir, storePath, service } = await openKnownCase('signtrail-waltamper-'));
});

afterAll(() => closeKnownCase(service, dir));

async function report(): Promise<{ outcome: ReportOutcome; text: string }> {
  const out = path.join(dir, `report-${Date.now()}-${Math.random()}.html`);
  const outcome = await service.invoke(
    'report.run',
    parseArgs('report.run', { framework: 'pci-dss-4', format: 'html', path: out }),
    noJobContext(),
  );
  return { outcome, text: fs.readFileSync(out, 'utf8') };
}

/** Replaces every `from` with `to` (same length) inside the file, in place, and puts its times back. */
function editInPlaceKeepingTimes(file: string, from: string, to: string): number {
  const ref = `${file}.times`;
  execFileSync('touch', ['-r', file, ref]);
  const bytes = fs.readFileSync(file);
  const a = Buffer.from(from);
  let count = 0;
  for (let i = bytes.indexOf(a); i >= 0; i = bytes.indexOf(a, i + 1)) {
    bytes.write(to, i);
    count++;
  }
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  execFileSync('touch', ['-r', ref, file]);
  fs.rmSync(ref);
  return count;
}

describe('a report reusing a verification, the WAL edited in place', () => {
  it('verifies again (and sees the edit) instead of reusing the verification', async () => {
    const first = await report();
    expect(first.outcome.verification?.reused).toBe(false);
    expect(first.text).toContain('Verification passed: 20 events checked, 0 findings');

    const wal = `${storePath}-wal`;
    const before = fs.statSync(wal, { bigint: true });
    // The weak 1024-bit key becomes a 4096-bit one in every frame that holds it.
    expect(editInPlaceKeepingTimes(wal, '"keySize":1024', '"keySize":4096')).toBeGreaterThan(0);
    const after = fs.statSync(wal, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);

    // A fresh verification on its own connection finds the bytes changed.
    const verifierKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home'))).verifierKey;
    const fresh = openStore(storePath, { readonly: true });
    try {
      const v = await verifyStore(fresh, {
        ownVerifierKey: verifierKey,
        trustedKeys: [],
        outsideCheckpoints: [],
        workers: 0,
      });
      expect(v.ok).toBe(false);
    } finally {
      fresh.close();
    }

    const second = await report();
    expect(second.outcome.verification?.reused).toBe(false);
    expect(second.text).not.toContain('Verification passed');
    expect(second.text).toContain('Verification FAILED');
  });
});
