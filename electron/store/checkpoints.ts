// Checkpoints: after every append the store signs root(n). It refuses to sign a root that does
// not extend the previous checkpoint, so it never signs a history inconsistent with an earlier one.
import type { CheckpointInfo } from '../../shared/results';
import { MerkleAccumulator } from '../integrity/merkle';
import { signCheckpoint, type SigningKey } from '../integrity/note';
import { eventCount, getMeta, setMeta, type Db } from './db';

export interface CheckpointSigner {
  keyName: string;
  verifierKey: string;
  /** Returns the full signed note for a checkpoint body. */
  sign(origin: string, size: number, root: Uint8Array): string;
}

export function createSigner(key: SigningKey): CheckpointSigner {
  return {
    keyName: key.name,
    verifierKey: key.verifierKey,
    sign: (origin, size, root) => signCheckpoint({ origin, size, root }, key),
  };
}

export class CheckpointConsistencyError extends Error {
  override name = 'CheckpointConsistencyError';
}

interface FrontierState {
  size: number;
  nodes: string[];
}

/** The Merkle frontier (compact range) kept in meta so each checkpoint costs O(new events), not O(n). */
function loadFrontier(db: Db): MerkleAccumulator {
  const raw = getMeta(db, 'merkle_frontier');
  if (!raw) return new MerkleAccumulator();
  const state = JSON.parse(raw) as FrontierState;
  return MerkleAccumulator.fromFrontier(
    state.size,
    state.nodes.map((hex) => Buffer.from(hex, 'hex')),
  );
}

function saveFrontier(db: Db, acc: MerkleAccumulator): void {
  const state: FrontierState = { size: acc.size, nodes: acc.frontier().map((n) => Buffer.from(n).toString('hex')) };
  setMeta(db, 'merkle_frontier', JSON.stringify(state));
}

/**
 * The Merkle state of the store's current events, checked against the last checkpoint first:
 * a store that no longer extends its last checkpoint gets no new one (and no new events).
 */
export function openFrontier(db: Db): MerkleAccumulator {
  const acc = loadFrontier(db);
  const previous = db.prepare('SELECT size, root FROM checkpoints ORDER BY id DESC LIMIT 1').get() as
    { size: number; root: Buffer } | undefined;
  if (previous && (acc.size !== previous.size || !acc.root().equals(previous.root))) {
    throw new CheckpointConsistencyError(
      `The store no longer matches its last checkpoint (size ${previous.size}); nothing was imported. Run "signtrail verify" to find where it changed.`,
    );
  }
  // Events appended without a checkpoint (none are, but a store is not to be trusted) are folded in.
  const leaves = db.prepare('SELECT leaf FROM events WHERE seq > ? ORDER BY seq').pluck();
  for (const leaf of leaves.iterate(acc.size) as Iterable<Buffer>) acc.push(leaf);
  return acc;
}

/**
 * Signs root(n) over every event now in the store, inside the caller's transaction. `acc` is the
 * frontier the appender kept up to date while appending; without it the store's frontier is read.
 */
export function sealCheckpoint(
  db: Db,
  signer: CheckpointSigner,
  acc: MerkleAccumulator = openFrontier(db),
): CheckpointInfo {
  const size = acc.size;
  const stored = eventCount(db);
  if (stored !== size) {
    throw new CheckpointConsistencyError(
      `The Merkle frontier covers ${size} events but the store holds ${stored}; no checkpoint was signed.`,
    );
  }
  const root = acc.root();
  const origin = getMeta(db, 'origin') ?? 'signtrail/unknown';
  const note = signer.sign(origin, size, root);
  const createdAt = new Date().toISOString();
  db.prepare('INSERT INTO checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)').run(
    size,
    root,
    note,
    createdAt,
  );
  saveFrontier(db, acc);
  return { size, rootB64: root.toString('base64'), note, createdAt };
}

export function latestCheckpoint(db: Db): CheckpointInfo | null {
  const row = db.prepare('SELECT size, root, note, created_at FROM checkpoints ORDER BY id DESC LIMIT 1').get() as
    { size: number; root: Buffer; note: string; created_at: string } | undefined;
  return row
    ? { size: row.size, rootB64: row.root.toString('base64'), note: row.note, createdAt: row.created_at }
    : null;
}
