// A case for a sync test: a real store file, a temp SignTrail home with its signing key.
import { homeWitness } from '../../electron/integrity/witness';
import { homeConfirmations, type SourceConfirmations } from '../../electron/sync/confirmations';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createSigner, type CheckpointSigner } from '../../electron/store/checkpoints';
import type { CaseStore } from '../../electron/store/caseStore';
import { asReadable, openStore, type Db } from '../../electron/store/db';
import { createWriteQueue } from '../../electron/store/writeQueue';
import type { AuditRecord } from '../../shared/event';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

export interface SyncCase {
  dir: string;
  home: string;
  /** This installation's confirmed sources (in `home`). */
  confirmations: SourceConfirmations;
  storePath: string;
  db: Db;
  signer: CheckpointSigner;
  /** The case as its features' handlers see it. */
  store: CaseStore;
}

export function syncCase(): SyncCase {
  const dir = tempDir('signtrail-sync-');
  const home = path.join(dir, 'home');
  process.env.SIGNTRAIL_HOME = home;
  const storePath = path.join(dir, 'case.sqlite');
  const db = openStore(storePath);
  const signer = createSigner(loadOrCreateSigningKey(home));
  const confirmations = homeConfirmations(home);
  const store = {
    storePath,
    db: asReadable(db),
    signer: () => signer,
    runExclusive: createWriteQueue(storePath),
    witness: homeWitness(home),
  };
  return { dir, home, storePath, db, signer, store, confirmations };
}

/** `n` distinct valid events, as the platform's API would serve them. */
export function platformEvents(n: number): AuditRecord[] {
  return Array.from({ length: n }, () => record());
}

export function writeTokenFile(dir: string, token: string, mode = 0o600): string {
  const file = path.join(dir, `token-${mode.toString(8)}`);
  fs.writeFileSync(file, token + '\n', { mode });
  fs.chmodSync(file, mode);
  return file;
}

/** Short timeouts and backoff, so fault tests take milliseconds. */
export const FAST = { pageSize: 10, timeoutMs: 200, retry: { attempts: 4, backoffMs: 10, maxBackoffMs: 40 } };

export function importRows(
  db: Db,
): { kind: string; source: string; appended: number; duplicates: number; conflicts: number; detail: string | null }[] {
  return db
    .prepare('SELECT kind, source, appended, duplicates, conflicts, detail FROM imports ORDER BY id')
    .all() as never;
}
