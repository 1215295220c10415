// Appending events: canonical bytes, leaf and chain hashes, derived columns, duplicate and
// conflict detection, all inside the caller's transaction so a file lands whole or not at all.
import type { ConflictReport } from '../../shared/results';
import { chainHash, ZERO_CHAIN } from '../integrity/hash';
import type { MerkleAccumulator } from '../integrity/merkle';
import { openFrontier, type FrontierOptions } from './checkpoints';
import type { IdFilter } from './idFilter';
import { getMeta, setMeta, type WritableDb } from './db';
import { isTimeOrdered, TIME_ORDER_META_KEY } from './timeOrder';
import { SEARCH_TEXT_SELECT } from './searchText';
import { prepareEvent, type IncomingEvent, type PreparedEvent } from './prepare';
import { INSERT_EVENT_SQL } from './eventColumns';
import { forEachPacked, isPacked, type PackedEvents } from './packedEvents';
import { bindable, type Micros } from './timeMicros';

export type { IncomingEvent, PreparedEvent };

/** Structured clone turns Buffers into Uint8Arrays; this views the same bytes as a Buffer again. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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

/** Conflicts kept in full per import (per part of a transaction); beyond this they are counted only. */
const MAX_REPORTED_CONFLICTS = 1000;

export interface Appender {
  add(batch: readonly IncomingEvent[]): void;
  /** Appends events already prepared (possibly by a worker thread, possibly packed for the crossing). */
  addPrepared(batch: readonly PreparedEvent[] | PackedEvents): void;
  /** Events from here on belong to another import (another page of a sync, in the same transaction). */
  switchImport(importId: number): void;
  /** Indexes the appended rows for keyword search; call once before commit. */
  finish(): AppendTally;
  readonly tally: AppendTally;
  /** The Merkle frontier, kept up to date with every appended leaf, for the checkpoint. */
  readonly frontier: MerkleAccumulator;
}

/**
 * Starts appending after the store's current head. The caller owns the transaction. `idFilter`,
 * when given, must hold every ID hash in the store; appended ones are added to it.
 */
export function createAppender(
  db: WritableDb,
  firstImportId: number,
  idFilter?: IdFilter,
  frontierOptions: FrontierOptions = {},
): Appender {
  let importId = firstImportId;
  /** Conflicts reported in full for the current import (each page of a sync is one). */
  let reportedThisImport = 0;
  // The head's time as exact decimal text: a JavaScript number would round it past 2^53.
  const head = db.prepare('SELECT seq, chain, CAST(ts AS TEXT) AS ts FROM events ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; chain: Buffer; ts: string } | undefined;
  let seq = head?.seq ?? 0;
  let chain: Buffer = head?.chain ?? ZERO_CHAIN;
  let indexedUpTo = seq;
  const frontier = openFrontier(db, frontierOptions);
  const wasTimeOrdered = getMeta(db, TIME_ORDER_META_KEY);
  let timeOrdered = isTimeOrdered(db);
  let lastTs: Micros | null = head ? bindable(head.ts) : null;

  const findById = db.prepare(
    'SELECT e.event_id, e.canon FROM event_ids k JOIN events e ON e.seq = k.seq WHERE k.id_hash = ?',
  );
  const insertId = db.prepare('INSERT INTO event_ids (id_hash, seq) VALUES (?, ?)');
  // Arguments in EVENT_TABLE_COLUMNS order: the tuple's derived values sit at PREPARED_DERIVED_FIRST..14.
  const insert = db.prepare(INSERT_EVENT_SQL);
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

  function addPrepared(batch: readonly PreparedEvent[] | PackedEvents): void {
    if (isPacked(batch)) forEachPacked(batch, addOne);
    else for (const event of batch) addOne(event);
    indexAppended();
  }

  /** Appends one event; its byte arrays may be views of a larger buffer (packedEvents.ts): nothing keeps them. */
  function addOne(event: PreparedEvent): void {
    tally.received++;
    const [canonBytes, leafBytes, hash, id] = event;
    const bytes = asBuffer(canonBytes);
    const stored = idFilter && !idFilter.mayHold(hash) ? undefined : storedWithId(hash, id);
    if (stored) {
      if (stored.equals(bytes)) tally.duplicates++;
      else {
        tally.conflictCount++;
        if (reportedThisImport < MAX_REPORTED_CONFLICTS) {
          reportedThisImport++;
          tally.conflicts.push({
            eventId: id,
            line: event[15],
            stored: stored.toString('utf8'),
            incoming: bytes.toString('utf8'),
          });
        }
      }
      return;
    }
    const leaf = asBuffer(leafBytes);
    chain = chainHash(chain, leaf);
    frontier.push(leaf);
    seq++;
    if (lastTs !== null && event[4] < lastTs) timeOrdered = false;
    lastTs = event[4];
    insert.run(
      seq,
      bytes,
      leaf,
      chain,
      id,
      event[4],
      event[5],
      event[6],
      event[7],
      event[8],
      event[9],
      event[10],
      event[11],
      event[12],
      event[13],
      event[14],
      importId,
      event[15],
    );
    insertId.run(hash, seq);
    idFilter?.add(hash);
    tally.appended++;
    tally.firstSeq ??= seq;
    tally.lastSeq = seq;
  }

  /** Indexes what was appended since last time; per batch, so it overlaps the import worker's parsing. */
  function indexAppended(): void {
    if (seq > indexedUpTo) indexForSearch(db, indexedUpTo + 1, seq);
    indexedUpTo = seq;
  }

  function add(batch: readonly IncomingEvent[]): void {
    addPrepared(batch.map(prepareEvent));
  }

  function finish(): AppendTally {
    indexAppended();
    const flag = timeOrdered ? '1' : '0';
    if (flag !== wasTimeOrdered) setMeta(db, TIME_ORDER_META_KEY, flag);
    return tally;
  }

  const switchImport = (id: number): void => {
    importId = id;
    reportedThisImport = 0;
  };

  return { add, addPrepared, switchImport, finish, tally, frontier };
}

/** Adds events first..last to the keyword index, with the text code derives (never a view in the file). */
export function indexForSearch(db: WritableDb, first: number, last: number): void {
  db.prepare(
    `INSERT INTO events_fts (rowid, id, actor, action, entity, status, details)
     SELECT seq, id, actor, action, entity, status, details FROM (${SEARCH_TEXT_SELECT}) WHERE seq BETWEEN ? AND ?`,
  ).run(first, last);
}
