// The SQL detections need: events in time order for the rule engine, the keyword index for
// keyword selections, and the blast-radius and artifact views. Values are always bound parameters.
import type { EventRow } from '../../shared/event';
import type { Db } from './db';
import { ROW_COLUMNS, toEventRow, type RawRow } from './query';

export interface DetectionRow {
  seq: number;
  event_id: string;
  ts: string;
  category: string;
  request_id: string | null;
  key_id: string | null;
  canon: Buffer;
}

const COLUMNS = 'seq, event_id, ts, category, request_id, key_id, canon';

/** Every event with ts >= fromTs (all when null), in time order. */
export function eventsInTimeOrder(db: Db, fromTs: string | null): IterableIterator<DetectionRow> {
  if (fromTs === null)
    return db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY ts, seq`).iterate() as IterableIterator<DetectionRow>;
  return db
    .prepare(`SELECT ${COLUMNS} FROM events WHERE ts >= ? ORDER BY ts, seq`)
    .iterate(fromTs) as IterableIterator<DetectionRow>;
}

export function countEventsFrom(db: Db, fromTs: string | null): number {
  const sql = fromTs === null ? 'SELECT count(*) FROM events' : 'SELECT count(*) FROM events WHERE ts >= ?';
  return db
    .prepare(sql)
    .pluck()
    .get(...(fromTs === null ? [] : [fromTs])) as number;
}

/** The earliest time among events after `sinceSeq`, or null when there are none. */
export function earliestTimeAfter(db: Db, sinceSeq: number): string | null {
  return (db.prepare('SELECT min(ts) FROM events WHERE seq > ?').pluck().get(sinceSeq) as string | null) ?? null;
}

/**
 * Events before `beforeTs` that the enrichment needs to know the state at `beforeTs`: key and
 * certificate lifecycles, the requests the new events belong to, and requests a policy denied.
 */
export function enrichmentHistory(db: Db, beforeTs: string, sinceSeq: number): IterableIterator<DetectionRow> {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM events WHERE ts < ? AND (
         category IN ('key_lifecycle', 'certificate')
         OR request_id IN (SELECT request_id FROM events WHERE seq > ? AND request_id IS NOT NULL)
         OR request_id IN (SELECT request_id FROM events WHERE status = 'DENIED' AND action = 'POLICY_EVALUATED' AND ts < ?)
       ) ORDER BY ts, seq`,
    )
    .iterate(beforeTs, sinceSeq, beforeTs) as IterableIterator<DetectionRow>;
}

/** Seqs of the events an FTS5 expression matches in the keyword index. */
export function keywordMatches(db: Db, fts: string): Set<number> {
  const rows = db.prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ?').pluck().all(fts) as number[];
  return new Set(rows);
}

export interface KeyEventRow {
  seq: number;
  event_id: string;
  ts: string;
  action: string;
  status: string;
  actor_id: string;
  request_id: string | null;
  entity_id: string;
  entity_name: string | null;
  canon: Buffer;
}

const KEY_COLUMNS = 'seq, event_id, ts, action, status, actor_id, request_id, entity_id, entity_name, canon';

/** The first revocation, deactivation or compromise report of a key. */
export function firstCompromiseEvent(db: Db, keyId: string): KeyEventRow | null {
  return (
    (db
      .prepare(
        `SELECT ${KEY_COLUMNS} FROM events WHERE entity_id = ? AND action IN ('KEY_REVOKED', 'KEY_DEACTIVATED', 'KEY_COMPROMISED', 'KEY_DESTROYED')
         ORDER BY ts, seq LIMIT 1`,
      )
      .get(keyId) as KeyEventRow | undefined) ?? null
  );
}

/** Signing operations with a key in [from, to), through the action index. */
export function signingsWithKey(db: Db, keyId: string, from: string | null, to: string | null): KeyEventRow[] {
  return db
    .prepare(
      `SELECT ${KEY_COLUMNS} FROM events WHERE action = 'SIGNING_OPERATION' AND key_id = ?
         AND (? IS NULL OR ts >= ?) AND (? IS NULL OR ts < ?) ORDER BY ts, seq`,
    )
    .all(keyId, from, from, to, to) as KeyEventRow[];
}

/** Every event of these signing requests. */
export function requestEvents(db: Db, requestIds: string[]): KeyEventRow[] {
  const out: KeyEventRow[] = [];
  const stmt = db.prepare(`SELECT ${KEY_COLUMNS} FROM events WHERE request_id = ? ORDER BY ts, seq`);
  for (const id of requestIds) out.push(...(stmt.all(id) as KeyEventRow[]));
  return out;
}

/** Certificate uploads that name the key. */
export function certificatesOfKey(db: Db, keyId: string): KeyEventRow[] {
  return db
    .prepare(`SELECT ${KEY_COLUMNS} FROM events WHERE action = 'CERTIFICATE_UPLOADED' AND key_id = ? ORDER BY ts, seq`)
    .all(keyId) as KeyEventRow[];
}

/** Seqs of events whose keyword index entry holds the phrase. */
export function phraseMatches(db: Db, fts: string, limit = 10_000): number[] {
  return db
    .prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid LIMIT ?')
    .pluck()
    .all(fts, limit) as number[];
}

export function eventsBySeq(db: Db, seqs: number[]): KeyEventRow[] {
  const stmt = db.prepare(`SELECT ${KEY_COLUMNS} FROM events WHERE seq = ?`);
  return seqs.map((s) => stmt.get(s) as KeyEventRow).filter(Boolean);
}

/** Full rows, as the grid shows them, for these seqs in time order. */
export function eventRows(db: Db, seqs: number[]): EventRow[] {
  const stmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM events e WHERE e.seq = ?`);
  const rows = seqs.map((s) => stmt.get(s) as RawRow | undefined).filter((r): r is RawRow => r !== undefined);
  rows.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
  return rows.map((r) => {
    const { details: _details, ...row } = toEventRow(r);
    return row;
  });
}

/** Seqs of every event of these signing requests. */
export function requestSeqs(db: Db, requestIds: string[]): number[] {
  const stmt = db.prepare('SELECT seq FROM events WHERE request_id = ?').pluck();
  return requestIds.flatMap((id) => stmt.all(id) as number[]);
}
