// The SQL detections need: events in time order for the rule engine, the keyword index for
// keyword selections, and the blast-radius and artifact views. Values are always bound parameters.
import type { Db } from './db';

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
