// A real store file sealed by this installation (a real SignTrail home and its key), and
// verification as that installation runs it: its own key, no other trusted key, no outside
// checkpoint. Shared by the tests that tamper with a sealed store and read the verdict.
import path from 'node:path';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import type { SigningKey } from '../../electron/integrity/note';
import { verifyStore, type VerifyOptions } from '../../electron/integrity/verifyStore';
import { createSigner, sealCheckpoint, type CheckpointSigner } from '../../electron/store/checkpoints';
import type { Db } from '../../electron/store/db';
import type { AuditRecord } from '../../shared/event';
import type { VerifyReport } from '../../shared/results';
import { record } from './records';
import { storeWith } from './store';
import { tempDir } from './tmp';

export interface SealedStore {
  db: Db;
  dir: string;
  home: string;
  file: string;
  records: AuditRecord[];
  signer: CheckpointSigner;
  key: SigningKey;
  /** The signed note of the checkpoint that seals every event. */
  note: string;
}

/** `n` fresh records (or these records) appended as one import, then sealed by one checkpoint. */
export function sealedStore(n: number | AuditRecord[]): SealedStore {
  const records = typeof n === 'number' ? Array.from({ length: n }, () => record()) : n;
  const dir = tempDir();
  const home = path.join(dir, 'home');
  const file = path.join(dir, 'case.sqlite');
  const db = storeWith(records, file);
  const key = loadOrCreateSigningKey(home);
  const signer = createSigner(key);
  db.exec('BEGIN IMMEDIATE');
  const { note } = sealCheckpoint(db, signer);
  db.exec('COMMIT');
  return { db, dir, home, file, records, signer, key, note };
}

/** verifyStore as this installation runs it on its own: its key trusted, nothing else given. */
export function verifyAsInstallation(
  db: Db,
  ownVerifierKey: string,
  extra: Partial<VerifyOptions> = {},
): Promise<VerifyReport> {
  return verifyStore(db, { ownVerifierKey, trustedKeys: [], outsideCheckpoints: [], ...extra });
}
