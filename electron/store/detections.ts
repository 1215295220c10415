// The SQL detections need: events in time order for the rule engine, the keyword index for
// keyword selections, and the blast-radius and artifact views. Values are always bound parameters.
import Database from 'better-sqlite3';
import type { EventRow } from '../../shared/event';
import type { Db } from './db';
import { ROW_COLUMNS, toEventRow, type RawRow } from './query';
import { boundMicros, tsTextSql } from './timeMicros';

/**
 * A row of the detection scans, as an array (`.raw()`: no object per row): the record's fields,
 * which are all columns (shared/derive.ts), and canon as text, which the engine parses only for
 * details. Read it through ROW.
 */
export type DetectionRow = [
  seq: number,
  eventId: string,
  ts: string,
  category: string,
  requestId: string | null,
  keyId: string | null,
  action: string,
  actorId: string,
  actorType: string,
  entityType: string,
  entityId: string,
  entityName: string | null,
  status: string,
  canon: string,
  ...masks: number[],
];

/** Positions in a DetectionRow. */
export const ROW = {
  seq: 0,
  eventId: 1,
  ts: 2,
  category: 3,
  requestId: 4,
  keyId: 5,
  action: 6,
  actorId: 7,
  actorType: 8,
  entityType: 9,
  entityId: 10,
  entityName: 11,
  status: 12,
  canon: 13,
  /** The first plan mask (eventsForPlans). */
  masks: 14,
} as const;

/** `ts` is read as the record's text; bounds on it are converted by boundMicros (store/timeMicros.ts). */
const COLUMNS = `seq, event_id, ${tsTextSql('ts')} AS ts, category, request_id, key_id, action, actor_id, actor_type, entity_type, entity_id, entity_name, status, CAST(canon AS TEXT)`;

/** Plans per mask column: 30 bits keeps the bit tests in 32-bit integers. */
const PLANS_PER_MASK = 30;

/** True when plan i of eventsForPlans lets the row through. */
export function planLets(row: DetectionRow, i: number): boolean {
  return ((row[ROW.masks + Math.floor(i / PLANS_PER_MASK)] as number) & (1 << (i % PLANS_PER_MASK))) !== 0;
}

/** Columns a rule's plan may test (detect/prefilter.ts maps rule fields to them). */
export type PlanColumn =
  | 'event_id'
  | 'action'
  | 'status'
  | 'category'
  | 'actor_id'
  | 'actor_type'
  | 'entity_type'
  | 'entity_id'
  | 'entity_name'
  | 'request_id'
  | 'key_id';

export type PlanLeaf = {
  op: 'leaf';
  column: PlanColumn;
  test: 'eq' | 'prefix' | 'suffix' | 'contains' | 'empty';
  /** Folded to lower case by JavaScript unless cased. */
  value: string;
  cased: boolean;
};

/** A necessary condition of a rule over the columns; null: none known (every event). */
export type Prefilter = null | PlanLeaf | { op: 'and' | 'or'; parts: NonNullable<Prefilter>[] };

const COLUMN_NAMES = new Set<PlanColumn>([
  'event_id',
  'action',
  'status',
  'category',
  'actor_id',
  'actor_type',
  'entity_type',
  'entity_id',
  'entity_name',
  'request_id',
  'key_id',
]);

/** The column as written in SQL: only names of this fixed list, never text from a rule. */
function column(name: PlanColumn): string {
  if (!COLUMN_NAMES.has(name)) throw new Error(`not a column rules can use: ${String(name)}`);
  return name;
}

/**
 * A rule's plan as a SQL expression: rule values only as bound parameters. Case-insensitive tests
 * compare lower(column) with the value folded by JavaScript; SQLite folds only ASCII, so a column
 * with other characters (or longer than the matcher reads) is always let through to the code.
 */
export function prefilterSql(pre: NonNullable<Prefilter>, params: unknown[], values?: LeafValues): string {
  if (pre.op !== 'leaf')
    return balanced(
      pre.parts.map((p) => prefilterSql(p, params, values)),
      pre.op === 'and' ? ' AND ' : ' OR ',
    );
  const col = column(pre.column);
  const exact = values?.(pre);
  if (exact) {
    if (exact.length === 0) return '0';
    params.push(...exact);
    return `${col} IN (${exact.map(() => '?').join(', ')})`;
  }
  return leafSql(pre, col, params);
}

function leafSql(pre: PlanLeaf, col: string, params: unknown[]): string {
  if (pre.test === 'empty') return `(${col} IS NULL OR ${col} = '')`;
  const text = pre.cased ? col : `lower(${col})`;
  const v = pre.value;
  let sql: string;
  switch (pre.test) {
    case 'eq':
      params.push(v);
      sql = `${text} = ?`;
      break;
    case 'contains':
      params.push(v);
      sql = `instr(${text}, ?) > 0`;
      break;
    case 'prefix':
      params.push(v);
      sql = `instr(${text}, ?) = 1`;
      break;
    case 'suffix':
      params.push(v, v);
      sql = `substr(${text}, -length(?)) = ?`;
      break;
  }
  if (pre.cased) return `coalesce(${sql}, 0)`;
  // JavaScript folds two characters outside ASCII into ASCII letters (the Kelvin sign to k, the
  // dotted capital I to i and a combining dot); any other character outside ASCII in the column
  // stays outside ASCII folded either way, so only these two, or a value outside ASCII, need the code.
  const fallback: string[] = [];
  if ([...v].some((c) => c.charCodeAt(0) > 0x7f)) fallback.push(`${col} GLOB '*[^ -~]*'`);
  else if (/[ik]/.test(v)) fallback.push(`instr(${col}, char(8490)) > 0`, `instr(${col}, char(304)) > 0`);
  // The code matches the first MAX_TEXT characters: only a suffix can differ on longer text.
  if (pre.test === 'suffix') fallback.push(`length(${col}) > ${MAX_TEXT}`);
  return `coalesce(${[sql, ...fallback].join(' OR ')}, 0)`;
}

/** The stored values of a leaf's column that the leaf lets through, or null (test it row by row). */
type LeafValues = (leaf: PlanLeaf) => string[] | null;

/**
 * Indexed columns with few values: a leaf on one of them becomes `column IN (the store's values
 * the leaf lets through)`, each value tested once by the leaf's own SQL rather than once per row
 * (and lower(), instr() and the fallbacks no longer run per row).
 */
const LOW_CARDINALITY = new Set<PlanColumn>(['action', 'status', 'category']);
/** Past this many distinct values in a column, its leaves are tested per row. */
const MAX_DISTINCT = 256;

function leafValuesOf(db: Db): LeafValues {
  const distinct = new Map<PlanColumn, boolean>();
  return (leaf) => {
    if (!LOW_CARDINALITY.has(leaf.column)) return null;
    const col = column(leaf.column);
    if (!distinct.has(leaf.column)) {
      // Distinct values through the column's index: one seek per value.
      const n = db
        .prepare(
          `WITH RECURSIVE d(v) AS (SELECT min(${col}) FROM events
             UNION ALL SELECT (SELECT min(${col}) FROM events WHERE ${col} > d.v) FROM d WHERE d.v IS NOT NULL LIMIT ?)
           SELECT count(*) FROM d WHERE v IS NOT NULL`,
        )
        .pluck()
        .get(MAX_DISTINCT + 2) as number;
      distinct.set(leaf.column, n <= MAX_DISTINCT);
    }
    if (!distinct.get(leaf.column)) return null;
    const params: unknown[] = [];
    const test = leafSql(leaf, col, params);
    return db
      .prepare(
        `WITH RECURSIVE d(v) AS (SELECT min(${col}) FROM events
           UNION ALL SELECT (SELECT min(${col}) FROM events WHERE ${col} > d.v) FROM d WHERE d.v IS NOT NULL)
         SELECT ${col} FROM (SELECT v AS ${col} FROM d WHERE v IS NOT NULL) WHERE ${test}`,
      )
      .pluck()
      .all(...params) as string[];
  };
}

/**
 * Parts joined by AND or OR as a balanced tree of parentheses: SQLite limits an expression's depth
 * to 1000, and a flat chain of a rule's 1,000 values (or of 1,000 rules' flags) is that deep.
 * The parts keep their order, so the bound parameters stay in step.
 */
function balanced(parts: string[], op: string): string {
  if (parts.length <= 8) return '(' + parts.join(op) + ')';
  const mid = Math.ceil(parts.length / 2);
  return '(' + balanced(parts.slice(0, mid), op) + op + balanced(parts.slice(mid), op) + ')';
}

/**
 * Most rules a scan carries as flag columns (SQLite allows 2,000 result columns); with more, one
 * flag f0 = 1 lets every event through to the code, which decides alone (detect/engine.ts).
 */
export const MAX_PLANNED_RULES = 500;

/** Text the code's matchers read (wildcard.ts MAX_FIELD_TEXT). */
const MAX_TEXT = 65_536;

/**
 * Events the enrichment learns from (detect/enrich.ts, apply): key and certificate events, and
 * the request events that set requester, policy, approval and artifact.
 */
const ENRICHMENT_EVENTS = `(lower(entity_type) IN ('key', 'certificate', 'cert')
  OR (request_id IS NOT NULL AND action IN ('SIGNING_REQUESTED', 'POLICY_EVALUATED', 'APPROVAL_REQUESTED', 'APPROVAL_GRANTED')))`;

/**
 * Events with ts >= fromTs in time order that a rule's plan lets through or the enrichment needs,
 * each with bit N of its masks set when plan N lets it through (planLets). A null plan lets
 * everything through.
 */
export function eventsForPlans(db: Db, fromTs: string | null, rulePlans: Prefilter[]): IterableIterator<DetectionRow> {
  const plans = rulePlans.length > MAX_PLANNED_RULES ? [null] : rulePlans;
  const params: unknown[] = [];
  const values = leafValuesOf(db);
  const flags = plans.map((p) => (p === null ? '1' : `coalesce(${prefilterSql(p, params, values)}, 0)`));
  const masks: string[] = [];
  for (let m = 0; m * PLANS_PER_MASK < flags.length; m++)
    masks.push(
      flags
        .slice(m * PLANS_PER_MASK, (m + 1) * PLANS_PER_MASK)
        .map((f, bit) => (bit ? `(${f} << ${bit})` : `(${f})`))
        .join(' | ') + ` AS m${m}`,
    );
  const where: string[] = [];
  if (fromTs !== null) {
    where.push('ts >= ?');
    params.push(boundMicros(fromTs));
  }
  if (!plans.some((p) => p === null))
    where.push(balanced([ENRICHMENT_EVENTS, ...masks.map((_, m) => `m${m} <> 0`)], ' OR '));
  const sql = `SELECT ${COLUMNS}${masks.length ? ', ' + masks.join(', ') : ''} FROM events ${
    where.length ? 'WHERE ' + where.join(' AND ') : ''
  } ORDER BY ts, seq`;
  return db
    .prepare(sql)
    .raw()
    .iterate(...params) as IterableIterator<DetectionRow>;
}

/** A copy of a store without a file (in memory), for a detection worker to open (openStoreImage). */
export function storeImage(db: Db): Buffer {
  return db.serialize();
}

/** A read-only connection to a store image, with no trust in the image's own schema SQL. */
export function openStoreImage(image: Uint8Array): Db {
  const db = new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { readonly: true });
  db.pragma('trusted_schema = OFF');
  return db;
}

/** Runs fn in one read transaction, so everything it reads comes from one snapshot of the store. */
export function inOneSnapshot<T>(db: Db, fn: () => T): T {
  db.exec('BEGIN');
  try {
    return fn();
  } finally {
    db.exec('COMMIT');
  }
}

export function countEventsFrom(db: Db, fromTs: string | null): number {
  const sql = fromTs === null ? 'SELECT count(*) FROM events' : 'SELECT count(*) FROM events WHERE ts >= ?';
  return db
    .prepare(sql)
    .pluck()
    .get(...(fromTs === null ? [] : [boundMicros(fromTs)])) as number;
}

/** The earliest time among events after `sinceSeq`, or null when there are none. */
export function earliestTimeAfter(db: Db, sinceSeq: number): string | null {
  return (
    (db
      .prepare(`SELECT ${tsTextSql('t')} FROM (SELECT min(ts) AS t FROM events WHERE seq > ?)`)
      .pluck()
      .get(sinceSeq) as string | null) ?? null
  );
}

/**
 * Events before `beforeTs` that the enrichment needs to know the state at `beforeTs`: key and
 * certificate lifecycles (category index), every event of the requests that have events from
 * `beforeTs` on (request index), and of the requests a policy denied from `denialsFromTs` on (older
 * denials are past the enrichment's memory). Each part through an index, never a scan of the trail.
 */
export function enrichmentHistory(db: Db, beforeTs: string, denialsFromTs: string): IterableIterator<DetectionRow> {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM events WHERE seq IN (
         SELECT seq FROM events WHERE category IN ('key_lifecycle', 'certificate') AND ts < @before
         UNION ALL SELECT h.seq FROM events h WHERE h.request_id IN (
           SELECT request_id FROM events WHERE ts >= @before AND request_id IS NOT NULL
           UNION ALL SELECT request_id FROM events WHERE action = 'POLICY_EVALUATED' AND status = 'DENIED'
             AND ts >= @denials AND ts < @before AND request_id IS NOT NULL
         ) AND h.ts < @before
       ) ORDER BY ts, seq`,
    )
    .raw()
    .iterate({ before: boundMicros(beforeTs), denials: boundMicros(denialsFromTs) }) as IterableIterator<DetectionRow>;
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

const KEY_COLUMNS = `seq, event_id, ${tsTextSql('ts')} AS ts, action, status, actor_id, request_id, entity_id, entity_name, canon`;

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
export function signingsWithKey(db: Db, keyId: string, fromTs: string | null, toTs: string | null): KeyEventRow[] {
  const from = fromTs === null ? null : boundMicros(fromTs);
  const to = toTs === null ? null : boundMicros(toTs);
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
