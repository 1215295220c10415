// Proofs from a case file's own rows: an inclusion proof for one entry of a log (events or the
// journal) against the log's newest signed checkpoint, and consistency proofs between two of its
// checkpoints. Nothing is proven that the stored leaves do not support: the prover recomputes
// root(size) and refuses when it differs from the signed root.
import { leafHash } from '../integrity/hash';
import { verifyConsistency, verifyInclusion } from '../integrity/merkle';
import { MerkleTree } from '../integrity/merkleTree';
import { formatConsistencyProof, formatTlogProof } from '../integrity/tlogProof';
import type { Db } from '../store/db';
import {
  eventByEventId,
  logSize,
  rowBySeq,
  storedCheckpoints,
  storeLeafReader,
  type LogRow,
  type LogTable,
  type StoredCheckpoint,
} from '../store/proofRows';

export class ProofError extends Error {
  override name = 'ProofError';
}

export interface InclusionResult {
  seq: number;
  /** seq − 1: leaves count from zero. */
  index: number;
  /** The c2sp.org/tlog-proof@v1 text. */
  proof: string;
  /** The entry's canonical bytes, exactly (leaf = SHA-256(0x00 || bytes)). */
  canon: Buffer;
  checkpointSize: number;
}

export interface ConsistencyResult {
  fromSize: number;
  toSize: number;
  /** SignTrail's consistency-proof file text (docs/integrity.md). */
  proof: string;
}

const LOG_NAME: Record<LogTable, string> = { events: 'events', journal: 'journal entries' };

export interface Prover {
  /** The newest checkpoint proofs are made against. */
  readonly checkpoint: StoredCheckpoint;
  readonly checkpoints: readonly StoredCheckpoint[];
  prove(seq: number): InclusionResult;
  consistency(fromSize: number, toSize?: number): ConsistencyResult;
}

/**
 * Reads the log once (O(n) hashes) so every proof after costs O(log n). Refuses a log without a
 * checkpoint, and one whose stored leaves no longer give the signed root.
 */
/** Roots of the complete blocks of 2^level stored leaves, as a verification of the same rows computed them. */
export interface KnownBlocks {
  level: number;
  roots: readonly Buffer[];
}

export function openProver(db: Db, table: LogTable, known?: KnownBlocks): Prover {
  const checkpoints = storedCheckpoints(db, table);
  const newest = checkpoints[checkpoints.length - 1];
  const total = logSize(db, table);
  if (!newest || newest.size === 0) {
    throw new ProofError(
      `No ${LOG_NAME[table]} are sealed by a checkpoint yet: seal first (every import or sync that appends signs one).`,
    );
  }
  if (newest.size > total) {
    throw new ProofError(
      `The newest checkpoint seals ${newest.size} ${LOG_NAME[table]} but the case holds ${total}: the case was truncated. Run "signtrail verify".`,
    );
  }
  // The signed root is recomputed either way: from every stored leaf, or from the verification's
  // block roots and the leaves of the last, partial block.
  const tree = known
    ? new MerkleTree(newest.size, storeLeafReader(db, table), known.level, known.roots)
    : new MerkleTree(newest.size, storeLeafReader(db, table));
  if (!tree.root().equals(newest.root)) {
    throw new ProofError(
      `The stored ${LOG_NAME[table]} no longer give the root signed at size ${newest.size}: the case was changed. Run "signtrail verify".`,
    );
  }
  const bySize = (size: number, flag: string): StoredCheckpoint => {
    const found = [...checkpoints].reverse().find((c) => c.size === size);
    if (!found) {
      const sizes = [...new Set(checkpoints.map((c) => c.size))].join(', ');
      throw new ProofError(
        `${flag} ${size} is not the size of a checkpoint in this case; its checkpoints have sizes ${sizes}.`,
      );
    }
    return found;
  };
  return {
    checkpoint: newest,
    checkpoints,
    prove(seq) {
      const row = rowBySeq(db, table, seq);
      if (!row) throw new ProofError(`There is no ${table === 'events' ? 'event' : 'journal entry'} with seq ${seq}.`);
      return proveRow(tree, newest, row, table);
    },
    consistency(fromSize, toSize = newest.size) {
      const older = bySize(fromSize, '--from-size');
      const newer = bySize(toSize, '--to-size');
      if (fromSize > toSize) throw new ProofError(`--from-size ${fromSize} is larger than --to-size ${toSize}.`);
      const proof = tree.consistencyProof(fromSize, toSize);
      if (!older.root.equals(tree.root(fromSize))) {
        throw new ProofError(
          `The checkpoint at size ${fromSize} signs a root the stored ${LOG_NAME[table]} do not give: history was rewritten. Run "signtrail verify".`,
        );
      }
      if (!verifyConsistency(fromSize, toSize, proof, older.root, newer.root)) {
        throw new ProofError(
          `The consistency proof from ${fromSize} to ${toSize} does not verify; run "signtrail verify".`,
        );
      }
      return { fromSize, toSize, proof: formatConsistencyProof(proof, older.note, newer.note) };
    },
  };
}

function proveRow(tree: MerkleTree, checkpoint: StoredCheckpoint, row: LogRow, table: LogTable): InclusionResult {
  const what = table === 'events' ? 'Event' : 'Journal entry';
  if (row.seq > checkpoint.size) {
    throw new ProofError(
      `${what} ${row.seq} is outside every checkpoint (the newest seals ${checkpoint.size}): seal first, then prove it.`,
    );
  }
  const leaf = leafHash(row.canon);
  if (!leaf.equals(row.leaf) || !leaf.equals(tree.leaf(row.seq - 1))) {
    throw new ProofError(`${what} ${row.seq} no longer hashes to its leaf: it was changed. Run "signtrail verify".`);
  }
  const index = row.seq - 1;
  const path = tree.inclusionProof(index);
  if (!verifyInclusion(leaf, index, checkpoint.size, path, checkpoint.root)) {
    throw new ProofError(`The proof for ${what.toLowerCase()} ${row.seq} does not verify; run "signtrail verify".`);
  }
  return {
    seq: row.seq,
    index,
    proof: formatTlogProof(index, path, checkpoint.note),
    canon: Buffer.from(row.canon),
    checkpointSize: checkpoint.size,
  };
}

/** `ID` or `seq:N`, as the command line and the channels take it. */
export function findEvent(db: Db, ref: string): LogRow {
  const m = /^seq:(\d+)$/.exec(ref);
  const row = m ? rowBySeq(db, 'events', Number(m[1])) : eventByEventId(db, ref);
  if (!row) throw new ProofError(`No event ${m ? `with seq ${m[1]}` : `with ID "${ref}"`} in this case.`);
  return row;
}
