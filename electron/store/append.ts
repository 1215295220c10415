// Appending events: canonical bytes, leaf and chain hashes, derived columns, duplicate and
// conflict detection, all inside the caller's transaction so a file lands whole or not at all.
import { canonicalizeRecord } from '../../shared/canonical';
import { deriveColumns } from '../../shared/derive';
import type { AuditRecord } from '../../shared/event';
import type { ConflictReport } from '../../shared/results';
import { chainHash, leafHash, sha256, ZERO_CHAIN } from '../integrity/hash';
import type { MerkleAccumulator } from '../integrity/merkle';
import { openFrontier } from './checkpoints';
import type { Db } from './db';

export interface IncomingEvent {
  record: AuditRecord;
  /** 1-based line in the source where the event starts. */
  line: number;
  /** canon(record) when the source already holds it (sealed exports); trusted only after comparison. */
  canon?: string;
}

export interface AppendTally {
  received: number;
  appended: number;
  duplicates: number;
  /** The first conflicts in full; `conflictCount` counts them all. */
  conflicts: ConflictReport[];
  conflictCount: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

/** Conflicts kept in full per import; beyond this they are counted only. */
const MAX_REPORTED_CONFLICTS = 1000;

export interface Appender {
  add(batch: readonly IncomingEvent[]): void;
  /** Indexes the appended rows for keyword search; call once before commit. */
  finish(): AppendTally;
  readonly tally: AppendTally;
  /** The Merkle frontier, kept up to date with every appended leaf, for the checkpoint. */
  readonly frontier: MerkleAccumulator;
}

/** Starts appending after the store's current head. The caller owns the transaction. */
export function createAppender(db: Db, importId: number): Appender {
  const head = db.prepare('SELECT seq, chain FROM events ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; chain: Buffer } | undefined;
  let seq = head?.seq ?? 0;
  let chain: Buffer = head?.chain ?? ZERO_CHAIN;
  const indexedFrom = seq + 1;
  const frontier = openFrontier(db);

  const findById = db.prepare(
    'SELECT e.event_id, e.canon FROM event_ids k JOIN events e ON e.seq = k.seq WHERE k.id_hash = ?',
  );
  const insertId = db.prepare('INSERT INTO event_ids (id_hash, seq) VALUES (?, ?)');
  const insert = db.prepare(
    `INSERT INTO events (seq, canon, leaf, chain, event_id, ts, actor_id, actor_type, action, category,
       entity_type, entity_id, entity_name, status, request_id, key_id, import_id, source_line)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tally: AppendTally = {
    received: 0,
    appended: 0,
    duplicates: 0,
    conflicts: [],
    conflictCount: 0,
    firstSeq: null,
    lastSeq: null,
  };

  function storedWithId(hash: number, id: string): Buffer | undefined {
    for (const row of findById.all(hash) as { event_id: string; canon: Buffer }[])
      if (row.event_id === id) return row.canon;
    return undefined;
  }

  function add(batch: readonly IncomingEvent[]): void {
    for (const incoming of batch) {
      tally.received++;
      const text = incoming.canon ?? canonicalizeRecord(incoming.record);
      const bytes = Buffer.from(text, 'utf8');
      const hash = idHash(incoming.record.id);
      const stored = storedWithId(hash, incoming.record.id);
      if (stored) {
        if (stored.equals(bytes)) tally.duplicates++;
        else {
          tally.conflictCount++;
          if (tally.conflicts.length < MAX_REPORTED_CONFLICTS) {
            tally.conflicts.push({
              eventId: incoming.record.id,
              line: incoming.line,
              stored: stored.toString('utf8'),
              incoming: text,
            });
          }
        }
        continue;
      }
      const leaf = leafHash(bytes);
      chain = chainHash(chain, leaf);
      frontier.push(leaf);
      seq++;
      const c = deriveColumns(incoming.record);
      insert.run(
        seq,
        bytes,
        leaf,
        chain,
        incoming.record.id,
        c.timestamp,
        c.actorId,
        c.actorType,
        c.action,
        c.category,
        c.entityType,
        c.entityId,
        c.entityName,
        c.status,
        c.requestId,
        c.keyId,
        importId,
        incoming.line,
      );
      insertId.run(hash, seq);
      tally.appended++;
      tally.firstSeq ??= seq;
      tally.lastSeq = seq;
    }
  }

  function finish(): AppendTally {
    if (tally.appended > 0) indexForSearch(db, indexedFrom, seq);
    return tally;
  }

  return { add, finish, tally, frontier };
}

/** The 48-bit key of an event ID in the event_ids table. */
export function idHash(id: string): number {
  return sha256(id).readUIntBE(0, 6);
}

/** Adds events first..last to the keyword index, from the same view its integrity-check reads. */
export function indexForSearch(db: Db, first: number, last: number): void {
  db.prepare(
    `INSERT INTO events_fts (rowid, id, actor, action, entity, status, details)
     SELECT seq, id, actor, action, entity, status, details FROM events_fts_source WHERE seq BETWEEN ? AND ?`,
  ).run(first, last);
}
