// Checkpoints: after every append the store signs root(n). It refuses to sign a root that does
// not extend the previous checkpoint, so it never signs a history inconsistent with an earlier one.
import type { CheckpointInfo } from '../../shared/results';
import { MerkleAccumulator } from '../integrity/merkle';
import { leafHash } from '../integrity/hash';
import { parseCheckpointNote, signCheckpoint, verifyNoteSignatures, type SigningKey } from '../integrity/note';
import type { Witness } from '../integrity/witness';
import { eventCount, getMeta, setMeta, type Db, type WritableDb } from './db';

export interface CheckpointSigner {
  keyName: string;
  verifierKey: string;
  /** Returns the full signed note for a checkpoint body. */
  sign(origin: string, size: number, root: Uint8Array): string;
  /** This installation's record of every store origin it signed or verified (the SignTrail home). */
  witness?: Witness;
}

export function createSigner(key: SigningKey, witness?: Witness): CheckpointSigner {
  return {
    keyName: key.name,
    verifierKey: key.verifierKey,
    sign: (origin, size, root) => signCheckpoint({ origin, size, root }, key),
    witness,
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
function loadFrontier(db: Db): MerkleAccumulator | null {
  const raw = getMeta(db, 'merkle_frontier');
  if (!raw) return null;
  try {
    const state = JSON.parse(raw) as FrontierState;
    return MerkleAccumulator.fromFrontier(
      state.size,
      state.nodes.map((hex) => Buffer.from(hex, 'hex')),
    );
  } catch {
    return null; // not a frontier SignTrail wrote: recomputed from the events
  }
}

function saveFrontier(db: Db, acc: MerkleAccumulator): void {
  const state: FrontierState = { size: acc.size, nodes: acc.frontier().map((n) => Buffer.from(n).toString('hex')) };
  setMeta(db, 'merkle_frontier', JSON.stringify(state));
}

export interface FrontierOptions {
  /** This installation's verifier key: a stored frontier is believed only if it equals a checkpoint it signed. */
  verifierKey?: string;
  /** This installation's witness record: the store must still extend what it witnessed. */
  witness?: Witness;
}

interface PreviousCheckpoint {
  size: number;
  root: Buffer;
  /** The note is validly signed by this installation's key. */
  ownSigned: boolean;
}

function previousCheckpoint(db: Db, verifierKey: string | undefined): PreviousCheckpoint | null {
  const row = db.prepare('SELECT size, root, note FROM checkpoints ORDER BY id DESC LIMIT 1').get() as
    { size: number; root: Buffer; note: string } | undefined;
  if (!row) return null;
  try {
    const note = parseCheckpointNote(row.note);
    const ownSigned =
      verifierKey !== undefined &&
      note.size === row.size &&
      note.root.equals(row.root) &&
      verifyNoteSignatures(note, [verifierKey]).verified.length > 0;
    // The signed root, not the row's columns, is what the store must extend.
    return { size: note.size, root: note.root, ownSigned };
  } catch {
    return { size: row.size, root: row.root, ownSigned: false };
  }
}

/**
 * The Merkle state of the store's current events, checked first against the last checkpoint and
 * against what this installation witnessed of the store: a store that no longer extends them gets
 * no new checkpoint (and no new events). The frontier kept in meta is used only when it equals the
 * last checkpoint, signed by this installation's key; otherwise it is recomputed from the stored
 * canonical bytes, never taken from the store's leaf column or meta.
 */
export function openFrontier(db: Db, options: FrontierOptions = {}): MerkleAccumulator {
  const previous = previousCheckpoint(db, options.verifierKey);
  const origin = getMeta(db, 'origin') ?? 'signtrail/unknown';
  const witnessed = options.witness?.read(origin) ?? null;
  const stored = loadFrontier(db);
  const total = eventCount(db);
  const refuse = (what: string): never => {
    throw new CheckpointConsistencyError(
      `${what}; nothing was imported and no checkpoint was signed. Run "signtrail verify" to find where it changed.`,
    );
  };
  if (witnessed && total < witnessed.size) {
    refuse(
      `The store holds ${total} events, but this installation witnessed ${witnessed.size} of ${origin} on ${witnessed.time}: events were removed, or this is an older copy of the case`,
    );
  }
  const witnessedRoot = witnessed ? Buffer.from(witnessed.rootB64, 'base64') : null;
  const trusted =
    stored !== null &&
    previous !== null &&
    previous.ownSigned &&
    stored.size === previous.size &&
    stored.root().equals(previous.root) &&
    (witnessed === null || witnessed.size === stored.size);
  let acc: MerkleAccumulator;
  if (trusted) {
    acc = stored;
  } else {
    acc = new MerkleAccumulator();
  }
  const check = (): void => {
    if (previous && acc.size === previous.size && !acc.root().equals(previous.root))
      refuse(`The store no longer matches its last checkpoint (size ${previous.size})`);
    if (witnessed && witnessedRoot && acc.size === witnessed.size && !acc.root().equals(witnessedRoot))
      refuse(
        `The store's first ${witnessed.size} events no longer produce the root this installation witnessed for ${origin} on ${witnessed.time}: that history was rewritten`,
      );
  };
  check();
  // Recomputed from the canonical bytes: leaf = SHA-256(0x00 || canon).
  const rows = db.prepare('SELECT canon FROM events WHERE seq > ? ORDER BY seq').pluck();
  for (const canon of rows.iterate(acc.size) as Iterable<Buffer>) {
    acc.push(leafHash(canon));
    check();
  }
  if (previous && acc.size < previous.size)
    refuse(`The store holds ${acc.size} events but its last checkpoint seals ${previous.size}`);
  return acc;
}

/**
 * Signs root(n) over every event now in the store, inside the caller's transaction. `acc` is the
 * frontier the appender kept up to date while appending; without it the store's frontier is read.
 */
export function sealCheckpoint(
  db: WritableDb,
  signer: CheckpointSigner,
  acc: MerkleAccumulator = openFrontier(db, { verifierKey: signer.verifierKey, witness: signer.witness }),
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
