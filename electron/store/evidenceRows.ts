// The SQL of an evidence package: the selected events, and the journal entries about them.
import type { EventFilter } from '../../shared/filter';
import type { Db } from './db';
import { buildWhere } from './query';

export interface EvidenceEventRow {
  seq: number;
  canon: Buffer;
  eventId: string;
}

/** Events a filter (and, when given, a selection of seqs) picks, in seq order. */
export function evidenceEventRows(db: Db, filter: EventFilter, seqs?: readonly number[]): EvidenceEventRow[] {
  const where = buildWhere(db, filter);
  let sql = where.sql;
  const params = [...where.params];
  if (seqs) {
    sql = `${sql ? sql + ' AND' : 'WHERE'} e.seq IN (SELECT value FROM json_each(?))`;
    params.push(JSON.stringify(seqs));
  }
  return db
    .prepare(`SELECT e.seq, e.canon, e.event_id AS eventId FROM events e ${sql} ORDER BY e.seq`)
    .all(...params) as EvidenceEventRow[];
}

/**
 * Journal entries about these events, plus the entries that correct them (amend, retract) and the
 * questions their conclusions answer, in seq order.
 */
export function evidenceJournalSeqs(db: Db, eventSeqs: readonly number[]): number[] {
  const about = db
    .prepare('SELECT DISTINCT entry_seq FROM journal_events WHERE event_seq IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(eventSeqs)) as number[];
  const chosen = new Set(about);
  const related = db.prepare(
    `SELECT j2.seq FROM journal j1 JOIN journal j2
       ON (j2.refers = j1.entry_id AND j2.kind IN ('amend', 'retract'))
       OR (j1.kind = 'conclusion' AND j2.entry_id = j1.refers)
     WHERE j1.seq = ?`,
  );
  const queue = [...about];
  while (queue.length) {
    for (const seq of related.pluck().all(queue.pop()) as number[]) {
      if (!chosen.has(seq)) {
        chosen.add(seq);
        queue.push(seq);
      }
    }
  }
  return [...chosen].sort((a, b) => a - b);
}
