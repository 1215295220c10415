// The SQL detections need: events in time order for the rule engine, the keyword index for
// keyword selections, and the blast-radius and artifact views. Values are always bound parameters.
import Database from 'better-sqlite3';
import type { EventRow } from '../../shared/event';
import type { Db } from './db';
import { ROW_COLUMNS, toEventRow, type RawRow } from './query';
import { civilFromDays } from '../../shared/civil';
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

/**
 * `ts` is read as the integer and written as the record's text here (timeText), or as SQLite's text
 * where a JavaScript number cannot hold it exactly (store/timeMicros.ts); bounds on it are
 * converted by boundMicros.
 */
const COLUMNS = `seq, event_id, CASE WHEN ts BETWEEN -${Number.MAX_SAFE_INTEGER} AND ${Number.MAX_SAFE_INTEGER} THEN ts ELSE ${tsTextSql('ts')} END AS ts, category, request_id, key_id, action, actor_id, actor_type, entity_type, entity_id, entity_name, status, CAST(canon AS TEXT)`;

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let lastDay = NaN;
let lastDayText = '';

/** `YYYY-MM-DD` of days since 1970-01-01 (the last one is kept: a scan's events mostly share their day). */
function dayText(days: number): string {
  if (days === lastDay) return lastDayText;
  const { year, month, day } = civilFromDays(days);
  lastDay = days;
  lastDayText = `${String(year).padStart(4, '0')}-${TWO[month]}-${TWO[day]}`;
  return lastDayText;
}

/**
 * The record's time text of a store time that is a safe JavaScript integer (years 1685-2255),
 * exactly as tsTextSql writes it: no Date object, no SQLite strftime per row.
 */
export function timeText(micros: number): string {
  const micro = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const seconds = (micros - micro) / 1_000_000;
  const secondOfDay = ((seconds % 86_400) + 86_400) % 86_400;
  const days = (seconds - secondOfDay) / 86_400;
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${dayText(days)}T${TWO[h]}:${TWO[m]}:${TWO[secondOfDay % 60]}.${String(micro).padStart(6, '0')}Z`;
}

/** Rows of a COLUMNS query with `ts` as the record's text. */
function* withTimeText(rows: IterableIterator<DetectionRow>): IterableIterator<DetectionRow> {
  for (const row of rows) {
    const ts = row[ROW.ts] as string | number;
    if (typeof ts === 'number') row[ROW.ts] = timeText(ts);
    yield row;
  }
}

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

/** Columns whose plans are decided once per distinct (action, status, category) of the trail. */
const TUPLE_COLUMNS = new Set<PlanColumn>(['action', 'status', 'category']);
/** Most distinct (action, status, category) a scan remembers the plans' verdicts for. */
const MAX_TUPLES = 65_536;

function leafColumns(pre: NonNullable<Prefilter>, out = new Set<PlanColumn>()): Set<PlanColumn> {
  if (pre.op === 'leaf') out.add(pre.column);
  else for (const p of pre.parts) leafColumns(p, out);
  return out;
}

/** The plan with every leaf on another column than action made true (a wider plan), or null: no narrowing. */
function onActionOnly(pre: NonNullable<Prefilter>): Prefilter {
  if (pre.op === 'leaf') return pre.column === 'action' ? pre : null;
  const parts = pre.parts.map(onActionOnly);
  if (pre.op === 'or')
    return parts.some((p) => p === null) ? null : { op: 'or', parts: parts as NonNullable<Prefilter>[] };
  const known = parts.filter((p): p is NonNullable<Prefilter> => p !== null);
  return known.length === 0 ? null : known.length === 1 ? known[0] : { op: 'and', parts: known };
}

/** The stored values of an indexed column (one index seek each), or null past MAX_DISTINCT. */
function storedValues(db: Db, name: PlanColumn): string[] | null {
  const col = column(name);
  const values = db
    .prepare(
      `WITH RECURSIVE d(v) AS (SELECT min(${col}) FROM events
         UNION ALL SELECT (SELECT min(${col}) FROM events WHERE ${col} > d.v) FROM d WHERE d.v IS NOT NULL LIMIT ?)
       SELECT v FROM d WHERE v IS NOT NULL`,
    )
    .pluck()
    .all(MAX_DISTINCT + 2) as string[];
  return values.length <= MAX_DISTINCT ? values : null;
}

/** Mask columns `m0, m1, …` of these flag expressions (one per plan, '0' where the scan does not compute it). */
function maskColumns(flags: string[]): string[] {
  const masks: string[] = [];
  for (let m = 0; m * PLANS_PER_MASK < flags.length; m++) {
    const bits = flags
      .slice(m * PLANS_PER_MASK, (m + 1) * PLANS_PER_MASK)
      .map((f, bit) => (f === '0' ? null : bit ? `(${f} << ${bit})` : `(${f})`))
      .filter((f) => f !== null);
    masks.push((bits.length ? bits.join(' | ') : '0') + ` AS m${m}`);
  }
  return masks;
}

/**
 * Events with ts >= fromTs in time order that a rule's plan lets through or the enrichment needs,
 * each with bit N of its masks set when plan N lets it through (planLets). A null plan lets
 * everything through.
 *
 * Plans only on action, status and category (the pack's) are not computed per row by SQLite: their
 * verdict is the same for every event with the same three values, so it is computed once per
 * distinct triple met (by the same SQL, over the bound values) and remembered here; the scan's
 * WHERE lets through the actions those plans can accept (each plan with its other leaves made
 * true, tested on the store's distinct actions). Other plans are computed per row, as before.
 */
export function eventsForPlans(
  db: Db,
  fromTs: string | null,
  rulePlans: Prefilter[],
  /** Only events dated before this (a part of a split run, detect/split.ts). */
  toTs: string | null = null,
): IterableIterator<DetectionRow> {
  const plans = rulePlans.length > MAX_PLANNED_RULES ? [null] : rulePlans;
  const values = leafValuesOf(db);
  const byTuple = plans.map((p) => p !== null && [...leafColumns(p)].every((c) => TUPLE_COLUMNS.has(c)));
  const actions = byTuple.some(Boolean) ? storedValues(db, 'action') : null;
  /** Actions the plans decided per triple can accept; their plans, where no action narrows them. */
  const admitted = new Set<string>();
  const rowWhere: string[] = [];
  const rowWhereParams: unknown[] = [];
  plans.forEach((p, i) => {
    if (!byTuple[i] || p === null) return;
    const narrowed = actions ? onActionOnly(p) : null;
    if (!narrowed) {
      rowWhere.push(prefilterSql(p, rowWhereParams, values));
      return;
    }
    const own: unknown[] = [];
    const test = prefilterSql(narrowed, own, values);
    const stmt = db.prepare(`SELECT action FROM (SELECT value AS action FROM json_each(?)) WHERE ${test}`).pluck();
    for (const a of stmt.all(JSON.stringify(actions), ...own) as string[]) admitted.add(a);
  });
  const maskParams: unknown[] = [];
  const flags = plans.map((p, i) =>
    byTuple[i] ? '0' : p === null ? '1' : `coalesce(${prefilterSql(p, maskParams, values)}, 0)`,
  );
  const masks = maskColumns(flags);
  const params: unknown[] = [...maskParams];
  const where = timeRange(fromTs, toTs, params);
  if (!plans.some((p) => p === null)) {
    const any: string[] = [];
    if (admitted.size) {
      any.push(`action IN (${[...admitted].map(() => '?').join(', ')})`);
      params.push(...admitted);
    }
    any.push(ENRICHMENT_EVENTS, ...rowWhere);
    params.push(...rowWhereParams);
    masks.forEach((m, i) => {
      if (!m.startsWith('0 AS')) any.push(`m${i} <> 0`);
    });
    where.push(balanced(any, ' OR '));
  }
  const sql = `SELECT ${COLUMNS}${masks.length ? ', ' + masks.join(', ') : ''} FROM events ${
    where.length ? 'WHERE ' + where.join(' AND ') : ''
  } ORDER BY ts, seq`;
  const rows = db
    .prepare(sql)
    .raw()
    .iterate(...params) as IterableIterator<DetectionRow>;
  if (!byTuple.some(Boolean)) return withTimeText(rows);
  return withTupleMasks(withTimeText(rows), tupleVerdicts(db, plans, byTuple, values, masks.length));
}

/** The masks of the plans decided per (action, status, category), computed once per triple by SQL. */
function tupleVerdicts(
  db: Db,
  plans: Prefilter[],
  byTuple: boolean[],
  values: LeafValues,
  maskCount: number,
): (action: string, status: string, category: string) => number[] {
  const params: unknown[] = [];
  const flags = plans.map((p, i) =>
    byTuple[i] && p !== null ? `coalesce(${prefilterSql(p, params, values)}, 0)` : '0',
  );
  const stmt = db
    .prepare(`SELECT ${maskColumns(flags).join(', ')} FROM (SELECT ? AS action, ? AS status, ? AS category)`)
    .raw();
  const seen = new Map<string, Map<string, Map<string, number[]>>>();
  let size = 0;
  return (action, status, category) => {
    let byStatus = seen.get(action);
    let byCategory = byStatus?.get(status);
    const known = byCategory?.get(category);
    if (known) return known;
    const verdict = (stmt.get(...params, action, status, category) as number[]).slice(0, maskCount);
    if (size < MAX_TUPLES) {
      size++;
      if (!byStatus) seen.set(action, (byStatus = new Map()));
      if (!byCategory) byStatus.set(status, (byCategory = new Map()));
      byCategory.set(category, verdict);
    }
    return verdict;
  };
}

function* withTupleMasks(
  rows: IterableIterator<DetectionRow>,
  verdict: ReturnType<typeof tupleVerdicts>,
): IterableIterator<DetectionRow> {
  for (const row of rows) {
    const masks = verdict(row[ROW.action], row[ROW.status], row[ROW.category]);
    for (let m = 0; m < masks.length; m++) if (masks[m]) row[ROW.masks + m] = (row[ROW.masks + m] as number) | masks[m];
    yield row;
  }
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

/** `ts >= fromTs` and `ts < toTs` (each unless null), their bounds pushed to params. */
function timeRange(fromTs: string | null, toTs: string | null, params: unknown[]): string[] {
  const where: string[] = [];
  if (fromTs !== null) {
    where.push('ts >= ?');
    params.push(boundMicros(fromTs));
  }
  if (toTs !== null) {
    where.push('ts < ?');
    params.push(boundMicros(toTs));
  }
  return where;
}

export function countEventsFrom(db: Db, fromTs: string | null, toTs: string | null = null): number {
  const params: unknown[] = [];
  const where = timeRange(fromTs, toTs, params);
  return db
    .prepare(`SELECT count(*) FROM events${where.length ? ' WHERE ' + where.join(' AND ') : ''}`)
    .pluck()
    .get(...params) as number;
}

/**
 * Times that cut the trail into `parts` runs of about equal numbers of events (through the time
 * index), each the time of an event; fewer when events share times. `weights` (one per part, by
 * default equal) shift the cuts: a part with more fixed work gets fewer events.
 */
export function splitTimes(db: Db, parts: number, weights?: number[]): string[] {
  const n = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const w = weights ?? Array.from({ length: parts }, () => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const stmt = db.prepare(`SELECT ${tsTextSql('ts')} FROM events ORDER BY ts LIMIT 1 OFFSET ?`).pluck();
  const cuts: string[] = [];
  let acc = 0;
  for (let i = 0; i < parts - 1; i++) {
    acc += w[i];
    const offset = Math.floor((n * acc) / sum);
    if (offset <= 0 || offset >= n) continue;
    const t = stmt.get(offset) as string | undefined;
    if (t !== undefined && (cuts.length === 0 || t > cuts[cuts.length - 1])) cuts.push(t);
  }
  return cuts;
}

/** The earliest time among events after `sinceSeq`, or null when there are none. */
export function earliestTimeAfter(db: Db, sinceSeq: number): string | null {
  // min(+ts): through the seq range of the new events, not a walk of the time index from its start.
  return (
    (db
      .prepare(`SELECT ${tsTextSql('t')} FROM (SELECT min(+ts) AS t FROM events WHERE seq > ?)`)
      .pluck()
      .get(sinceSeq) as string | null) ?? null
  );
}

/**
 * Events before `beforeTs` that the enrichment needs to know the state at `beforeTs`: key and
 * certificate lifecycles (category index; from `lifecycleFromTs` when the run starts from a
 * lifecycle state of that time), every event of the requests that have events from
 * `beforeTs` on (request index), and of the requests a policy denied from `denialsFromTs` on (older
 * denials are past the enrichment's memory). Each part through an index, never a scan of the trail.
 */
export function enrichmentHistory(
  db: Db,
  beforeTs: string,
  denialsFromTs: string,
  lifecycleFromTs: string | null = null,
): IterableIterator<DetectionRow> {
  return history(db, REQUESTS_FROM, beforeTs, denialsFromTs, lifecycleFromTs);
}

/** The requests that have events from @before on: their ids, read from those events (the trail's end: few). */
const REQUESTS_FROM = 'SELECT request_id FROM events WHERE ts >= @before AND request_id IS NOT NULL';

/**
 * A superset of the requests that have events both before @before and from it on, without reading
 * the events from it on (half the trail at a split run's cut): a request's seqs are in the request
 * index, and one with an event before @before and one from it on has seqs at most the last seq
 * dated before it and at least the first seq dated from it. In a store appended in time order, the
 * few requests open at the cut.
 */
const REQUESTS_ACROSS = `SELECT request_id FROM events WHERE request_id IS NOT NULL GROUP BY request_id
  HAVING min(seq) <= (SELECT max(seq) FROM events WHERE ts < @before)
    AND max(seq) >= (SELECT min(seq) FROM events WHERE ts >= @before)`;

/**
 * What enrichmentHistory gives, for the start of a part of a split run (detect/split.ts): the
 * requests are found through the request index instead of the events after the cut.
 */
export function enrichmentHistoryAtCut(
  db: Db,
  beforeTs: string,
  denialsFromTs: string,
): IterableIterator<DetectionRow> {
  return history(db, REQUESTS_ACROSS, beforeTs, denialsFromTs, null);
}

function history(
  db: Db,
  requests: typeof REQUESTS_FROM | typeof REQUESTS_ACROSS,
  beforeTs: string,
  denialsFromTs: string,
  lifecycleFromTs: string | null,
): IterableIterator<DetectionRow> {
  return withTimeText(
    db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE seq IN (
         SELECT seq FROM events WHERE category IN ('key_lifecycle', 'certificate') AND ts < @before${
           lifecycleFromTs === null ? '' : ' AND ts >= @lifecycle'
         }
         UNION ALL SELECT h.seq FROM events h WHERE h.request_id IN (
           ${requests}
           UNION ALL SELECT request_id FROM events WHERE action = 'POLICY_EVALUATED' AND status = 'DENIED'
             AND ts >= @denials AND ts < @before AND request_id IS NOT NULL
         ) AND h.ts < @before
       ) ORDER BY ts, seq`,
      )
      .raw()
      .iterate({
        before: boundMicros(beforeTs),
        denials: boundMicros(denialsFromTs),
        ...(lifecycleFromTs === null ? {} : { lifecycle: boundMicros(lifecycleFromTs) }),
      }) as IterableIterator<DetectionRow>,
  );
}

/** The earliest time of the request events enrichmentHistory reads (the same requests), or null. */
export function earliestRequestHistory(db: Db, beforeTs: string, denialsFromTs: string): string | null {
  return (
    (db
      .prepare(
        `SELECT ${tsTextSql('t')} FROM (SELECT min(h.ts) AS t FROM events h WHERE h.request_id IN (
           SELECT request_id FROM events WHERE ts >= @before AND request_id IS NOT NULL
           UNION ALL SELECT request_id FROM events WHERE action = 'POLICY_EVALUATED' AND status = 'DENIED'
             AND ts >= @denials AND ts < @before AND request_id IS NOT NULL
         ) AND h.ts < @before)`,
      )
      .pluck()
      .get({ before: boundMicros(beforeTs), denials: boundMicros(denialsFromTs) }) as string | null) ?? null
  );
}

/** The store's last event: its seq, time and chain hash (hex), or null when it has none. */
export function lastEvent(db: Db): { seq: number; ts: string; chain: string } | null {
  const row = db
    .prepare(`SELECT seq, ${tsTextSql('ts')} AS ts, hex(chain) AS chain FROM events ORDER BY seq DESC LIMIT 1`)
    .get() as { seq: number; ts: string; chain: string } | undefined;
  return row ?? null;
}

/** The latest event time in the store, or null. */
export function latestTime(db: Db): string | null {
  return (
    (db
      .prepare(`SELECT ${tsTextSql('t')} FROM (SELECT max(ts) AS t FROM events)`)
      .pluck()
      .get() as string | null) ?? null
  );
}

/** The chain hash (hex) of event `seq`, or null when there is no such event. */
export function chainAt(db: Db, seq: number): string | null {
  return (db.prepare('SELECT hex(chain) FROM events WHERE seq = ?').pluck().get(seq) as string | null) ?? null;
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
