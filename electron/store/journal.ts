// The SQL of the case journal (migration 0005): appending entries with their derived columns,
// reading them back, and the current state each event has in it (tags, star, comments).
import type { JournalEntry } from '../../shared/journal';
import { getMeta, type Db, type WritableDb } from './db';

export const JOURNAL_META_FRONTIER = 'journal_frontier';

export interface JournalRow {
  seq: number;
  canon: Buffer;
  leaf: Buffer;
  chain: Buffer;
  entry_id: string;
  time: string;
  analyst: string;
  kind: string;
  tag: string | null;
  refers: string | null;
}

export interface JournalInsert {
  seq: number;
  canon: Buffer;
  leaf: Buffer;
  chain: Buffer;
  entryId: string;
  time: string;
  analyst: string;
  kind: string;
  tag: string | null;
  refers: string | null;
  eventSeqs: readonly number[];
}

export function journalHead(db: Db): { seq: number; chain: Buffer } | null {
  return (
    (db.prepare('SELECT seq, chain FROM journal ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; chain: Buffer } | undefined) ?? null
  );
}

export function insertJournalRow(db: WritableDb, row: JournalInsert): void {
  db.prepare(
    `INSERT INTO journal (seq, canon, leaf, chain, entry_id, time, analyst, kind, tag, refers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.seq, row.canon, row.leaf, row.chain, row.entryId, row.time, row.analyst, row.kind, row.tag, row.refers);
  const link = db.prepare('INSERT INTO journal_events (event_seq, entry_seq) VALUES (?, ?)');
  for (const seq of row.eventSeqs) link.run(seq, row.seq);
}

export function insertJournalCheckpoint(
  db: WritableDb,
  size: number,
  root: Buffer,
  note: string,
  createdAt: string,
): void {
  db.prepare('INSERT INTO journal_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)').run(
    size,
    root,
    note,
    createdAt,
  );
}

export function journalRows(db: Db): JournalRow[] {
  return db.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];
}

export function journalRowsForEvent(db: Db, eventSeq: number): JournalRow[] {
  return db
    .prepare(
      'SELECT j.* FROM journal_events je JOIN journal j ON j.seq = je.entry_seq WHERE je.event_seq = ? ORDER BY j.seq',
    )
    .all(eventSeq) as JournalRow[];
}

/** The seq of the entry with this ID, or null. */
export function journalSeqOf(db: Db, entryId: string): { seq: number; kind: string } | null {
  return (
    (db.prepare('SELECT seq, kind FROM journal WHERE entry_id = ? ORDER BY seq LIMIT 1').get(entryId) as
      { seq: number; kind: string } | undefined) ?? null
  );
}

/** The event seqs each entry lists in journal_events, for verification. */
export function journalEventLinks(db: Db): Map<number, number[]> {
  const links = new Map<number, number[]>();
  for (const r of db
    .prepare('SELECT entry_seq, event_seq FROM journal_events ORDER BY entry_seq, event_seq')
    .iterate() as Iterable<{
    entry_seq: number;
    event_seq: number;
  }>) {
    const list = links.get(r.entry_seq) ?? [];
    list.push(r.event_seq);
    links.set(r.entry_seq, list);
  }
  return links;
}

export function eventLeaves(db: Db, seqs: readonly number[]): Map<number, Buffer> {
  const stmt = db.prepare('SELECT leaf FROM events WHERE seq = ?').pluck();
  const out = new Map<number, Buffer>();
  for (const seq of seqs) {
    const leaf = stmt.get(seq) as Buffer | undefined;
    if (leaf) out.set(seq, leaf);
  }
  return out;
}

const NOT_RETRACTED = "j.entry_id NOT IN (SELECT refers FROM journal WHERE kind = 'retract')";

/**
 * SQL (a subquery of event seqs, with its parameters) for events whose latest non-retracted
 * `on`/`off` entry is `on`: currently tagged with a name, or currently starred.
 */
function toggledOn(on: string, off: string, tag: string | null): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT je.event_seq FROM journal_events je JOIN journal j ON j.seq = je.entry_seq
          WHERE j.kind IN ('${on}', '${off}') ${tag === null ? '' : 'AND j.tag = ?'} AND ${NOT_RETRACTED}
          GROUP BY je.event_seq
          HAVING max(CASE WHEN j.kind = '${on}' THEN j.seq END) > coalesce(max(CASE WHEN j.kind = '${off}' THEN j.seq END), 0)`,
    params: tag === null ? [] : [tag],
  };
}

export function taggedEventsSql(tag: string): { sql: string; params: unknown[] } {
  return toggledOn('tag', 'untag', tag);
}

export function starredEventsSql(): { sql: string; params: unknown[] } {
  return toggledOn('star', 'unstar', null);
}

export function commentedEventsSql(): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT je.event_seq FROM journal_events je JOIN journal j ON j.seq = je.entry_seq
          WHERE j.kind = 'comment' AND ${NOT_RETRACTED}`,
    params: [],
  };
}

/** Every tag name in use, with the number of events it is on now. */
export function tagCounts(db: Db): { name: string; events: number }[] {
  const names = db
    .prepare("SELECT DISTINCT tag FROM journal WHERE kind = 'tag' AND tag IS NOT NULL ORDER BY tag")
    .pluck()
    .all() as string[];
  return names.map((name) => {
    const q = taggedEventsSql(name);
    return {
      name,
      events: db
        .prepare(`SELECT count(*) FROM (${q.sql})`)
        .pluck()
        .get(...q.params) as number,
    };
  });
}

export function isStarred(db: Db, seq: number): boolean {
  const q = starredEventsSql();
  return db.prepare(`SELECT 1 FROM (${q.sql}) WHERE event_seq = ?`).get(...q.params, seq) !== undefined;
}

export function tagsOfEvent(db: Db, seq: number): string[] {
  const names = db
    .prepare(
      "SELECT DISTINCT j.tag FROM journal_events je JOIN journal j ON j.seq = je.entry_seq WHERE je.event_seq = ? AND j.kind = 'tag' ORDER BY j.tag",
    )
    .pluck()
    .all(seq) as string[];
  return names.filter((name) => {
    const q = taggedEventsSql(name);
    return db.prepare(`SELECT 1 FROM (${q.sql}) WHERE event_seq = ?`).get(...q.params, seq) !== undefined;
  });
}

export const journalOrigin = (db: Db): string => `${getMeta(db, 'origin') ?? 'signtrail/unknown'}/journal`;

/** The canonical bytes and derived columns of an entry, as both the writer and the verifier compute them. */
export function deriveJournalColumns(entry: JournalEntry): { tag: string | null; refers: string | null } {
  const body = entry.body as { name?: string; entry?: string; question?: string };
  return {
    tag: entry.kind === 'tag' || entry.kind === 'untag' ? (body.name ?? null) : null,
    refers:
      entry.kind === 'amend' || entry.kind === 'retract'
        ? (body.entry ?? null)
        : entry.kind === 'conclusion'
          ? (body.question ?? null)
          : null,
  };
}
