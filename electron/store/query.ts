// The one query every door uses: filters, keyword search, sort, paging and counts.
import { summarizeDetails } from '../../shared/derive';
import type { EventDetail, EventRow } from '../../shared/event';
import type { EventFilter, ParsedPageRequest, SortField, ValueField } from '../../shared/filter';
import type { EventPage, Facets, HistogramBucket, TopValues } from '../../shared/results';
import type { Db } from './db';
import { ROW_COLUMNS, type EventColumns } from './eventColumns';
import { commentedEventsSql, starredEventsSql, taggedEventsSql } from './journal';
import { isTimeOrdered } from './timeOrder';
import { bindable, boundMicros, msFloorSql, type Micros } from './timeMicros';
import { FilterError, SearchSyntaxError, toFtsQuery } from './search';
import { exclusionConditions, FACET_SAMPLE, topValuesWhere } from './valueFields';

/** Keyword counts stop here and are reported as estimates. */
export const KEYWORD_COUNT_LIMIT = 10_000;

/**
 * Where a keyword count stops for a page at `offset`: the limit, or one past the page when paging
 * beyond it, so that Next stays possible and the last page's count is exact. Tests lower the limit
 * with SIGNTRAIL_KEYWORD_COUNT_LIMIT rather than importing more than 10,000 matches.
 */
export function keywordCountStop(offset: number, limit: number): number {
  const set = Number(process.env.SIGNTRAIL_KEYWORD_COUNT_LIMIT);
  const base = Number.isSafeInteger(set) && set > 0 ? set : KEYWORD_COUNT_LIMIT;
  return Math.max(base, offset + limit + 1);
}

const SORT_COLUMNS: Record<SortField, string> = {
  seq: 'e.seq',
  timestamp: 'e.ts',
  actorId: 'e.actor_id',
  actorType: 'e.actor_type',
  action: 'e.action',
  category: 'e.category',
  entityType: 'e.entity_type',
  entityId: 'e.entity_id',
  status: 'e.status',
  requestId: 'e.request_id',
};

export { ROW_COLUMNS, type EventColumns };

export interface RawRow extends EventColumns {
  import_id: number;
  source_line: number;
  canon: Buffer;
  source_file: string | null;
}

/** A store time string (`…ffffffZ`) for a user-given instant; sub-millisecond digits are zero. */
export function toStoreInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new FilterError(`"${iso}" is not a date-time; use ISO 8601 such as 2026-01-31T09:00:00Z.`);
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** A user-given instant as the store's integer time, rounded up past the microsecond (timeMicros.ts). */
export function filterBound(iso: string): Micros {
  if (Number.isNaN(Date.parse(iso)))
    throw new FilterError(`"${iso}" is not a date-time; use ISO 8601 such as 2026-01-31T09:00:00Z.`);
  try {
    return boundMicros(iso);
  } catch {
    throw new FilterError(`"${iso}" is not a date-time; use ISO 8601 such as 2026-01-31T09:00:00Z.`);
  }
}

export interface WhereClause {
  sql: string;
  params: unknown[];
  hasKeyword: boolean;
  /** The conditions other than the keyword (a keyword alone has a plan of its own). */
  conditions: string[];
  /** The FTS5 expression of the keyword, if any. */
  fts: string | null;
}

export function buildWhere(db: Db, filter: EventFilter): WhereClause {
  const parts: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (filter.from) {
    parts.push('e.ts >= ?');
    params.push(filterBound(filter.from));
  }
  if (filter.to) {
    parts.push('e.ts < ?');
    params.push(filterBound(filter.to));
  }
  inList('e.actor_id', filter.actors);
  inList('e.status', filter.statuses);
  inList('e.action', filter.actions);
  inList('e.category', filter.categories);
  if (filter.entityType) {
    parts.push('e.entity_type = ?');
    params.push(filter.entityType);
  }
  if (filter.entityId) {
    parts.push('e.entity_id = ?');
    params.push(filter.entityId);
  }
  if (filter.requestId) {
    parts.push('e.request_id = ?');
    params.push(filter.requestId);
  }
  if (filter.seqs) {
    // Bound parameters, in chunks well under SQLite's limit of variables per statement.
    if (filter.seqs.length === 0) parts.push('0');
    else {
      const chunks: string[] = [];
      for (let i = 0; i < filter.seqs.length; i += 500) {
        const chunk = filter.seqs.slice(i, i + 500);
        chunks.push(`e.seq IN (${chunk.map(() => '?').join(', ')})`);
        params.push(...chunk);
      }
      parts.push(`(${chunks.join(' OR ')})`);
    }
  }
  for (const tag of filter.tags ?? []) {
    const q = taggedEventsSql(tag);
    parts.push(`e.seq IN (${q.sql})`);
    params.push(...q.params);
  }
  if (filter.starred) parts.push(`e.seq IN (${starredEventsSql().sql})`);
  if (filter.commented) parts.push(`e.seq IN (${commentedEventsSql().sql})`);
  if (filter.keyId) {
    parts.push('e.key_id = ?');
    params.push(filter.keyId);
  }
  const excluded = exclusionConditions(filter);
  parts.push(...excluded.parts);
  params.push(...excluded.params);
  if (filter.around) {
    const center = db.prepare('SELECT CAST(ts AS TEXT) FROM events WHERE seq = ?').pluck().get(filter.around.seq) as
      string | undefined;
    if (!center) throw new FilterError(`There is no event with seq ${filter.around.seq} in this store.`);
    // The window is whole milliseconds around the event's millisecond, as it was on the text times.
    const windowMs = filter.around.windowMinutes * 60_000;
    const micros = BigInt(center);
    const centerMs = Number((micros - (((micros % 1000n) + 1000n) % 1000n)) / 1000n);
    parts.push('e.ts >= ? AND e.ts <= ?');
    params.push(
      bindable(String(BigInt(Math.trunc(centerMs - windowMs)) * 1000n)),
      bindable(String(BigInt(Math.trunc(centerMs + windowMs)) * 1000n + 999n)),
    );
  }
  const conditions = [...parts];
  const fts = filter.q ? toFtsQuery(filter.q) : null;
  if (fts) {
    parts.push('e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)');
    params.push(fts);
  }
  return {
    sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '',
    params,
    hasKeyword: fts !== null,
    conditions,
    fts,
  };
}

export function toEventRow(raw: RawRow): EventRow & { details: Record<string, never> } {
  const record = JSON.parse(raw.canon.toString('utf8'));
  return {
    seq: raw.seq,
    id: raw.event_id,
    timestamp: raw.ts,
    actorId: raw.actor_id,
    actorType: raw.actor_type as EventRow['actorType'],
    action: raw.action,
    category: raw.category,
    entityType: raw.entity_type,
    entityId: raw.entity_id,
    entityName: raw.entity_name,
    status: raw.status as EventRow['status'],
    requestId: raw.request_id,
    keyId: raw.key_id,
    summary: summarizeDetails(record.details ?? {}),
    importId: raw.import_id,
    sourceFile: raw.source_file ?? '',
    sourceLine: raw.source_line,
    details: record.details ?? {},
  };
}

function withoutDetails(row: ReturnType<typeof toEventRow>): EventRow {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { details, ...rest } = row;
  return rest;
}

/** Runs FTS5 and turns its parse errors into a sentence instead of a crash. */
function runSearch<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const message = (err as Error).message;
    if (/fts5|syntax error|no such column/i.test(message)) {
      throw new SearchSyntaxError(`Search could not be understood: ${message.replace(/^fts5: /, '')}.`);
    }
    throw err;
  }
}

export function queryEvents(db: Db, request: ParsedPageRequest): EventPage {
  const where = buildWhere(db, request.filter);
  const column = SORT_COLUMNS[request.sort.field];
  const dir = request.sort.dir === 'desc' ? 'DESC' : 'ASC';
  const tie = request.sort.field === 'seq' ? '' : `, e.seq ${dir}`;
  return runSearch(() => {
    // A keyword alone walks FTS5's matches in order. With other conditions too, the plan below
    // (the conditions' index, each row checked against the set of matches) is the steady one: on
    // 1M events a common word with a rare actor took 0.6 s walking the matches, 0.1 s this way.
    const ordered = request.sort.field === 'seq' || (request.sort.field === 'timestamp' && isTimeOrdered(db));
    if (where.fts && where.conditions.length === 0 && ordered) {
      return keywordFirst(db, where.fts, dir, request.limit, request.offset);
    }
    const rows = db
      .prepare(`SELECT ${ROW_COLUMNS} FROM events e ${where.sql} ORDER BY ${column} ${dir}${tie} LIMIT ? OFFSET ?`)
      .all(...where.params, request.limit, request.offset) as RawRow[];
    let total: number;
    let totalIsEstimate = false;
    if (where.hasKeyword) {
      const stop = keywordCountStop(request.offset, request.limit);
      total = db
        .prepare(`SELECT count(*) FROM (SELECT 1 FROM events e ${where.sql} LIMIT ?)`)
        .pluck()
        .get(...where.params, stop + 1) as number;
      if (total > stop) {
        total = stop;
        totalIsEstimate = true;
      }
    } else if (where.sql === '') {
      total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    } else {
      total = db
        .prepare(`SELECT count(*) FROM events e ${where.sql}`)
        .pluck()
        .get(...where.params) as number;
    }
    return { rows: rows.map((raw) => withoutDetails(toEventRow(raw))), total, totalIsEstimate };
  });
}

/**
 * A keyword search in seq order (which is time order when the store is time-ordered): FTS5 hands
 * out its matches in rowid = seq order, so the page stops after `offset + limit` matches instead of
 * collecting and sorting every match of a common word.
 */
function keywordFirst(db: Db, fts: string, dir: 'ASC' | 'DESC', limit: number, offset: number): EventPage {
  const rows = db
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM events_fts f JOIN events e ON e.seq = f.rowid
        WHERE f.events_fts MATCH ? ORDER BY f.rowid ${dir} LIMIT ? OFFSET ?`,
    )
    .all(fts, limit, offset) as RawRow[];
  const stop = keywordCountStop(offset, limit);
  const counted = db
    .prepare(`SELECT count(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?)`)
    .pluck()
    .get(fts, stop + 1) as number;
  const totalIsEstimate = counted > stop;
  return {
    rows: rows.map((raw) => withoutDetails(toEventRow(raw))),
    total: totalIsEstimate ? stop : counted,
    totalIsEstimate,
  };
}

export function getEvent(db: Db, seq: number): EventDetail | null {
  const raw = db.prepare(`SELECT ${ROW_COLUMNS}, e.leaf, e.chain FROM events e WHERE e.seq = ?`).get(seq) as
    (RawRow & { leaf: Buffer; chain: Buffer }) | undefined;
  if (!raw) return null;
  return {
    ...toEventRow(raw),
    canonical: raw.canon.toString('utf8'),
    leafHex: raw.leaf.toString('hex'),
    chainHex: raw.chain.toString('hex'),
  };
}

export function getFacets(db: Db): Facets {
  const actors = db
    .prepare('SELECT DISTINCT actor_id FROM events ORDER BY actor_id LIMIT 5000')
    .pluck()
    .all() as string[];
  const actions = db
    .prepare('SELECT DISTINCT action, category FROM events ORDER BY category, action LIMIT 5000')
    .all() as Facets['actions'];
  const entityTypes = db.prepare('SELECT DISTINCT entity_type FROM events ORDER BY 1').pluck().all() as string[];
  return { actors, actions, entityTypes };
}

/** The top values of some fields for a filter (the facet panel), over at most `sample` matches. */
export function getTopValues(
  db: Db,
  filter: EventFilter,
  fields: readonly ValueField[],
  limit: number,
  sample = FACET_SAMPLE,
): TopValues[] {
  const where = buildWhere(db, filter);
  return runSearch(() => topValuesWhere(db, fields, where, limit, sample));
}

/** Round bucket widths, 1 s to about a month; the histogram picks the first that fits. */
export const ROUND_INTERVALS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600,
  2592000,
].map((s) => s * 1000);

/** The smallest round interval that covers `spanMs` in at most `buckets` buckets. */
export function roundInterval(spanMs: number, buckets: number): number {
  return ROUND_INTERVALS_MS.find((w) => spanMs / w <= buckets) ?? Math.ceil(spanMs / buckets / 86_400_000) * 86_400_000;
}

/**
 * Events over time for a filter, in round buckets aligned to UTC (weeks and months as 7 and 30 days).
 * `range` fixes the axis (the case's span, or the zoom) so that two filters share their buckets;
 * without it the axis is the filter's From/To, or the span of its events.
 */
export function getHistogram(
  db: Db,
  filter: EventFilter,
  buckets: number,
  range?: { from: string; to: string },
): HistogramBucket[] {
  const where = buildWhere(db, filter);
  return runSearch(() => {
    let lo: number | null;
    let hi: number | null;
    if (range) {
      lo = Date.parse(range.from);
      hi = Date.parse(range.to);
    } else {
      const span = db
        .prepare(
          `SELECT ${msFloorSql('lo')} AS lo, ${msFloorSql('hi')} AS hi
             FROM (SELECT min(e.ts) AS lo, max(e.ts) AS hi FROM events e ${where.sql})`,
        )
        .get(...where.params) as { lo: number | null; hi: number | null };
      lo = filter.from ? Date.parse(filter.from) : span.lo;
      hi = filter.to ? Date.parse(filter.to) : span.hi !== null ? span.hi + 1 : null;
    }
    if (lo === null || hi === null || hi <= lo) return [];
    const width = roundInterval(hi - lo, buckets);
    const end = hi;
    lo = Math.floor(lo / width) * width;
    hi = Math.ceil(end / width) * width;
    const result: HistogramBucket[] = [];
    for (let t = lo; t < hi; t += width) {
      result.push({
        start: new Date(t).toISOString(),
        end: new Date(t + width).toISOString(),
        SUCCESS: 0,
        FAILURE: 0,
        DENIED: 0,
      });
    }
    // One pass over the matching rows, bucketed in SQL by integer arithmetic on the time's milliseconds.
    const rows = db
      .prepare(
        `SELECT CAST((${msFloorSql('e.ts')} - ?) / ? AS INTEGER) AS b,
                e.status AS status, count(*) AS n
           FROM events e ${where.sql} GROUP BY b, e.status`,
      )
      .all(lo, width, ...where.params) as { b: number; status: 'SUCCESS' | 'FAILURE' | 'DENIED'; n: number }[];
    for (const row of rows) {
      const bucket = result[row.b];
      if (bucket) bucket[row.status] += row.n;
    }
    return result;
  });
}
