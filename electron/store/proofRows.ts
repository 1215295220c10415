// The SQL that proofs need: leaves in order, one event by ID or seq, and the signed checkpoints.
// Shared by the events log and the case journal, which keep the same columns (seq, canon, leaf).
import type { LeafReader } from '../integrity/merkleTree';
import { idHash } from './prepare';
import type { Db } from './db';

/** The two append-only logs of a case file. */
export type LogTable = 'events' | 'journal';

const CHECKPOINT_TABLE: Record<LogTable, string> = { events: 'checkpoints', journal: 'journal_checkpoints' };

export class ProofStoreError extends Error {
  override name = 'ProofStoreError';
}

/** Reads stored leaves by 0-based position (leaf i is seq i + 1); a gap is an error, not a proof. */
export function storeLeafReader(db: Db, table: LogTable): LeafReader {
  const stmt = db.prepare(`SELECT seq, leaf FROM ${table} WHERE seq > ? AND seq <= ? ORDER BY seq`);
  return (from, to) => {
    const rows = stmt.all(from, to) as { seq: number; leaf: Buffer }[];
    if (rows.length !== to - from || rows.some((r, i) => r.seq !== from + i + 1)) {
      throw new ProofStoreError(
        `The ${table} log has gaps between seq ${from + 1} and ${to}: no proof can be made. Run "signtrail verify".`,
      );
    }
    return rows.map((r) => r.leaf);
  };
}

export interface LogRow {
  seq: number;
  canon: Buffer;
  leaf: Buffer;
}

export function rowBySeq(db: Db, table: LogTable, seq: number): LogRow | null {
  return (db.prepare(`SELECT seq, canon, leaf FROM ${table} WHERE seq = ?`).get(seq) as LogRow | undefined) ?? null;
}

/** The event with this ID (IDs are unique in a store: a second one is a conflict, kept out). */
export function eventByEventId(db: Db, id: string): LogRow | null {
  const rows = db
    .prepare(
      'SELECT e.seq, e.canon, e.leaf, e.event_id AS id FROM event_ids k JOIN events e ON e.seq = k.seq WHERE k.id_hash = ? ORDER BY e.seq',
    )
    .all(idHash(id)) as (LogRow & { id: string })[];
  const row = rows.find((r) => r.id === id);
  return row ? { seq: row.seq, canon: row.canon, leaf: row.leaf } : null;
}

export interface StoredCheckpoint {
  id: number;
  size: number;
  root: Buffer;
  note: string;
  createdAt: string;
}

/** Every checkpoint of a log, oldest first. */
export function storedCheckpoints(db: Db, table: LogTable): StoredCheckpoint[] {
  return db
    .prepare(`SELECT id, size, root, note, created_at AS createdAt FROM ${CHECKPOINT_TABLE[table]} ORDER BY id`)
    .all() as StoredCheckpoint[];
}

export function logSize(db: Db, table: LogTable): number {
  return (db.prepare(`SELECT max(seq) FROM ${table}`).pluck().get() as number | null) ?? 0;
}
