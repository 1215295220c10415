// An open case as its features' handlers see it: the reading connection, the queue that runs
// write jobs one at a time on their own connection, and the installation's checkpoint signer.
import { loadOrCreateSigningKey, type KeySealer } from '../integrity/keys';
import { homeWitness, type Witness } from '../integrity/witness';
import { createSigner, type CheckpointSigner } from './checkpoints';
import { asReadable, openStore, type ReadableDb } from './db';
import { createWriteQueue, type RunExclusive } from './writeQueue';

export interface CaseStore {
  storePath: string;
  /** The reading connection (a read handler cannot call a write function with it); writes go through runExclusive. */
  db: ReadableDb;
  /** Runs write jobs (imports, sync, source changes) one after another, each on its own connection. */
  runExclusive: RunExclusive;
  /** The checkpoint signer, its key loaded (or created) on first use; it checks and feeds the witness. */
  signer(): CheckpointSigner;
  /** This installation's record of the checkpoints it signed or verified, per store origin. */
  witness: Witness;
}

export interface OpenCaseStoreOptions {
  storePath: string;
  /** SignTrail home: where the signing key lives. */
  home: string;
  /** Seals the private key at rest (the desktop app passes the OS keystore). */
  sealer?: KeySealer;
}

export function openCaseStore(options: OpenCaseStoreOptions): CaseStore & { close(): void } {
  // The reading connection opens a store whose schema was changed, so that verify can name what
  // changed; every write opens its own connection, which refuses such a store.
  const db = openStore(options.storePath, { allowSchemaDifferences: true });
  let signer: CheckpointSigner | null = null;
  const witness = homeWitness(options.home);
  return {
    storePath: options.storePath,
    db: asReadable(db),
    runExclusive: createWriteQueue(options.storePath),
    signer: () => (signer ??= createSigner(loadOrCreateSigningKey(options.home, options.sealer), witness)),
    witness,
    close: () => db.close(),
  };
}
