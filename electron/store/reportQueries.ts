// The SQL behind the compliance report's checks (electron/report/). Every query is fixed text
// with bound parameters; the report prints each one with its parameters written in, so anyone
// can re-run it on the case file with the sqlite3 shell. Nothing read from the store is run.
import type { Db } from './db';
import { boundMicros, storeTimeDecimal, tsTextSql, type Micros } from './timeMicros';

/** The reporting period as store time strings (`…ffffffZ`), inclusive. */
export interface ReportRange {
  from: string;
  to: string;
  /** No period given: the whole store, and no time condition (which would keep SQLite off the covering indexes). */
  whole?: boolean;
}

/** A time bound: bound as the store's integer (timeMicros.ts), shown as that integer with its text beside it. */
export class TimeParam {
  readonly micros: Micros;
  constructor(
    readonly text: string,
    round: 'ceil' | 'floor',
  ) {
    this.micros = boundMicros(text, round);
  }
}

type Param = string | number | TimeParam;

const bound = (p: Param): string | number | bigint => (p instanceof TimeParam ? p.micros : p);

/** A query as run, and as shown. */
export class ShownQuery {
  constructor(
    readonly sql: string,
    readonly params: Param[],
  ) {}

  /** The SQL with each `?` replaced by its literal, for the report. */
  text(): string {
    let i = 0;
    return this.sql
      .replace(/\?/g, () => {
        const p = this.params[i++];
        if (p instanceof TimeParam) return `${String(p.micros)} /* ${p.text} */`;
        return typeof p === 'number' ? String(p) : `'${String(p).replace(/'/g, "''")}'`;
      })
      .replace(/\s+/g, ' ')
      .trim();
  }
}

export interface SampleRow {
  seq: number;
  event_id: string;
  ts: string;
  action: string;
  actor_id: string;
  status: string;
  leaf: Buffer;
}

export interface TimeGap {
  before_seq: number;
  after_seq: number;
  gap_s: number;
  from_ts: string;
  to_ts: string;
}

/** A store time (`YYYY-MM-DDTHH:MM:SS.ffffffZ`) in microseconds since 1970, or null if it is not one. */
export function storeMicros(ts: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{6})Z$/.exec(ts);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}Z`);
  return Number.isNaN(ms) ? null : ms * 1000 + Number(m[2]);
}

/** Microseconds since 1970 (a whole number) as a store time. */
export function microsToStore(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const frac = String(micros - whole * 1e6).padStart(6, '0');
  return new Date(whole * 1000).toISOString().slice(0, 19) + `.${frac}Z`;
}

/** 9999-12-31T23:59:59.999999Z in microseconds. */
const MAX_STORE_MICROS = 253_402_300_799_999_999n;

const SAMPLE_COLUMNS = `seq, event_id, ${tsTextSql('ts')} AS ts, action, actor_id, status, leaf`;

/** Administrative actions: changes to keys, certificates, policies, accounts and configuration. */
export const ADMIN_ACTIONS_WHERE = `(category IN ('key_lifecycle', 'certificate')
  OR action IN ('POLICY_CREATED', 'POLICY_UPDATED', 'POLICY_DELETED', 'USER_CREATED', 'USER_ROLE_CHANGED',
    'USER_DELETED', 'SYSTEM_CONFIG_CHANGED', 'AGENT_REGISTERED', 'AGENT_UPDATED'))`;

export const CREDENTIAL_WHERE = `(category IN ('key_lifecycle', 'certificate') OR action = 'USER_ROLE_CHANGED')`;

/** The actions whose details name algorithms, key sizes or digests. */
const ALGORITHM_ACTIONS = `'SIGNING_REQUESTED', 'SIGNING_OPERATION', 'SIGNING_COMPLETED', 'KEY_GENERATED', 'KEY_IMPORTED', 'KEY_ROTATED', 'CERTIFICATE_UPLOADED'`;

export const FAILED_LOGIN_WHERE = `(action = 'USER_LOGIN_FAILED' OR (action = 'USER_LOGIN' AND status <> 'SUCCESS'))`;

export class ReportQueries {
  readonly shown: ShownQuery[] = [];

  constructor(
    private readonly db: Db,
    readonly range: ReportRange,
  ) {}

  private run<T>(sql: string, params: Param[], mode: 'get' | 'all' | 'pluck'): T {
    const q = new ShownQuery(sql, params);
    this.shown.push(q);
    const stmt = this.db.prepare(sql);
    const values = params.map(bound);
    if (mode === 'pluck') return stmt.pluck().get(...values) as T;
    if (mode === 'get') return stmt.get(...values) as T;
    return stmt.all(...values) as T;
  }

  /** Starts a fresh list of shown queries for the next check. */
  take(): string[] {
    return this.shown.splice(0).map((q) => q.text());
  }

  private get r(): Param[] {
    return this.range.whole ? [] : [new TimeParam(this.range.from, 'ceil'), new TimeParam(this.range.to, 'floor')];
  }

  /** The period condition on `ts` (of table alias `t`), or nothing for the whole store. */
  private inRange(t = ''): string {
    return this.range.whole ? '1' : `${t}ts BETWEEN ? AND ?`;
  }

  private readonly memo = new Map<string, { value: unknown; shown: ShownQuery[] }>();

  /** Runs a query once per report; a second check that needs it gets the rows and the shown SQL again. */
  private once<T>(key: string, compute: () => T): T {
    const hit = this.memo.get(key);
    if (hit) {
      this.shown.push(...hit.shown);
      return hit.value as T;
    }
    const before = this.shown.length;
    const value = compute();
    this.memo.set(key, { value, shown: this.shown.slice(before) });
    return value;
  }

  count(where = '1'): number {
    return this.run<number>(`SELECT count(*) FROM events WHERE ${this.inRange()} AND ${where}`, this.r, 'pluck');
  }

  countBy(column: 'action' | 'category' | 'status', where = '1'): { key: string; n: number }[] {
    return this.run(
      `SELECT ${column} AS key, count(*) AS n FROM events WHERE ${this.inRange()} AND ${where} GROUP BY ${column} ORDER BY n DESC, key`,
      this.r,
      'all',
    );
  }

  samples(where: string, limit = 3): SampleRow[] {
    return this.run(
      `SELECT ${SAMPLE_COLUMNS} FROM events WHERE ${this.inRange()} AND ${where} ORDER BY seq LIMIT ${limit}`,
      this.r,
      'all',
    );
  }

  samplesBySeq(seqs: number[]): SampleRow[] {
    if (!seqs.length) return [];
    return this.db
      .prepare(`SELECT ${SAMPLE_COLUMNS} FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`)
      .all(JSON.stringify(seqs)) as SampleRow[];
  }

  /** The whole store's seq span: a gap means events were removed (the triggers forbid it). O(1) but the count. */
  seqSpan(): { n: number; lo: number | null; hi: number | null } {
    return this.once('seqSpan', () =>
      this.run(
        'SELECT (SELECT count(*) FROM events) AS n, (SELECT min(seq) FROM events) AS lo, (SELECT max(seq) FROM events) AS hi',
        [],
        'get',
      ),
    );
  }

  /**
   * The silences between consecutive events (in ts, seq order) of at least `minSeconds`: how
   * many, and the `limit` longest. Shown as the window query that defines them; computed by
   * seeks on the time index instead (a window over 1M rows costs about as much as reading them
   * all in JS, ~3 s): from an event at t, the last event at or before t + minSeconds/2 and the
   * next one after it are two index seeks, their distance is a candidate gap, and the walk
   * continues from that next event, more than minSeconds/2 further. Every gap of at least
   * minSeconds straddles one of those probes, so none is missed, and the walk takes at most
   * span / (minSeconds/2) steps. A store whose times do not parse falls back to reading them all.
   */
  timeGaps(minSeconds: number, limit = 5): { total: number; longest: TimeGap[] } {
    const inRange = this.inRange();
    this.shown.push(
      new ShownQuery(
        `SELECT count(*) OVER () AS total, * FROM (SELECT lag(seq) OVER w AS before_seq, seq AS after_seq,
           ${tsTextSql('lag(ts) OVER w')} AS from_ts, ${tsTextSql('ts')} AS to_ts, (ts - lag(ts) OVER w) / 1e6 AS gap_s
           FROM events INDEXED BY events_ts WHERE ${inRange} WINDOW w AS (ORDER BY ts, seq))
         WHERE gap_s >= ? ORDER BY gap_s DESC LIMIT ?`,
        [...this.r, minSeconds, limit],
      ),
    );
    const lo = this.range.whole ? '0000-01-01T00:00:00.000000Z' : this.range.from;
    const hi = this.range.whole ? '9999-12-31T23:59:59.999999Z' : this.range.to;
    // Times walk as store text (bound as the integer, read back as text), as storeMicros reads them.
    const text = tsTextSql('ts');
    const at = (t: string) => boundMicros(t, 'floor');
    const first = this.db
      .prepare(`SELECT ${text} FROM events WHERE ts >= ? AND ts <= ? ORDER BY ts LIMIT 1`)
      .pluck()
      .get(boundMicros(lo), at(hi)) as string | undefined;
    if (first === undefined) return { total: 0, longest: [] };
    const beforeStmt = this.db.prepare(`SELECT ${text} FROM events WHERE ts <= ? ORDER BY ts DESC LIMIT 1`).pluck();
    const afterStmt = this.db
      .prepare(`SELECT ${text} FROM events WHERE ts > ? AND ts <= ? ORDER BY ts LIMIT 1`)
      .pluck();
    const lastSeqStmt = this.db.prepare('SELECT seq FROM events WHERE ts = ? ORDER BY seq DESC LIMIT 1').pluck();
    const firstSeqStmt = this.db.prepare('SELECT seq FROM events WHERE ts = ? ORDER BY seq LIMIT 1').pluck();
    const before = { get: (t: string) => beforeStmt.get(at(t)) };
    const after = { get: (t: string, h: string) => afterStmt.get(at(t), at(h)) };
    const lastSeq = { get: (t: string) => lastSeqStmt.get(at(t)) };
    const firstSeq = { get: (t: string) => firstSeqStmt.get(at(t)) };
    const half = Math.floor((minSeconds / 2) * 1e6);
    const gaps: TimeGap[] = [];
    let t = first;
    for (;;) {
      const tMicros = storeMicros(t);
      if (tMicros === null || !(half >= 1)) return this.timeGapsByScan(minSeconds, limit);
      // Past the year 9999 the probe is no store time: the period's end is the furthest it can look.
      const probe = tMicros + half > Number(MAX_STORE_MICROS) ? hi : microsToStore(tMicros + half);
      // The last event at or before the probe (never before t, an event in the period) and the next one.
      const ta = before.get(probe < hi ? probe : hi) as string;
      const tb = after.get(ta, hi) as string | undefined;
      if (tb === undefined) break;
      const a = storeMicros(ta);
      const b = storeMicros(tb);
      if (a === null || b === null) return this.timeGapsByScan(minSeconds, limit);
      const gap = (b - a) / 1e6;
      if (gap >= minSeconds)
        gaps.push({
          before_seq: lastSeq.get(ta) as number,
          after_seq: firstSeq.get(tb) as number,
          gap_s: gap,
          from_ts: ta,
          to_ts: tb,
        });
      t = tb;
    }
    return { total: gaps.length, longest: gaps.sort((x, y) => y.gap_s - x.gap_s).slice(0, limit) };
  }

  /** Every event's time read in order: for a store whose times the walk above cannot parse. */
  private timeGapsByScan(minSeconds: number, limit: number): { total: number; longest: TimeGap[] } {
    const sql = `SELECT seq, ${tsTextSql('ts')} FROM events INDEXED BY events_ts WHERE ${this.inRange()} ORDER BY ts, seq`;
    const gaps: TimeGap[] = [];
    let prevSeq = 0;
    let prevTs = '';
    let prev: number | null = null;
    for (const [seq, ts] of this.db
      .prepare(sql)
      .raw(true)
      .iterate(...this.r.map(bound)) as IterableIterator<[number, string]>) {
      const micros = storeMicros(ts);
      if (micros !== null && prev !== null && (micros - prev) / 1e6 >= minSeconds)
        gaps.push({ before_seq: prevSeq, after_seq: seq, gap_s: (micros - prev) / 1e6, from_ts: prevTs, to_ts: ts });
      prevSeq = seq;
      prevTs = ts;
      prev = micros;
    }
    return { total: gaps.length, longest: gaps.sort((x, y) => y.gap_s - x.gap_s).slice(0, limit) };
  }

  /** The period's first and last event time: two seeks on the time index. */
  timeSpan(): { lo: string | null; hi: string | null } {
    return this.once('timeSpan', () =>
      this.run(
        `SELECT ${tsTextSql('lo')} AS lo, ${tsTextSql('hi')} AS hi FROM (SELECT
           (SELECT min(ts) FROM events WHERE ${this.inRange()}) AS lo,
           (SELECT max(ts) FROM events WHERE ${this.inRange()}) AS hi)`,
        [...this.r, ...this.r],
        'get',
      ),
    );
  }

  /** Events in each of the given calendar months (UTC, `YYYY-MM`) in the period: one range count each on the time index. */
  months(wanted: string[]): { month: string; n: number }[] {
    // Each month's first and last possible store time, clipped to the period.
    const micros = (t: string) => BigInt(storeTimeDecimal(t) ?? String(boundMicros(t)));
    const bounds = wanted.map((m) => {
      const [y, mo] = m.split('-').map(Number);
      const next =
        mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${m.slice(0, 4)}-${String(mo + 1).padStart(2, '0')}`;
      let lo = micros(`${m}-01T00:00:00.000000Z`);
      // The month's last microsecond, as the store's exact integer (the year 9999 ends at MAX_STORE_MICROS).
      let hi = y + 1 > 9999 && mo === 12 ? MAX_STORE_MICROS : micros(`${next}-01T00:00:00.000000Z`) - 1n;
      if (!this.range.whole) {
        const [from, to] = [micros(this.range.from), micros(this.range.to)];
        if (from > lo) lo = from;
        if (to < hi) hi = to;
      }
      // Exact decimal text: JSON numbers would round them past 2^53.
      return [m, String(lo), String(hi)];
    });
    return this.run(
      `SELECT m.value ->> 0 AS month,
         (SELECT count(*) FROM events WHERE ts BETWEEN CAST(m.value ->> 1 AS INTEGER) AND CAST(m.value ->> 2 AS INTEGER)) AS n
       FROM json_each(?) m ORDER BY month`,
      [JSON.stringify(bounds)],
      'all',
    );
  }

  /**
   * Per-field completeness: events in the period whose field is present and not empty. The
   * indexed fields are counted by their empty value on their own index; the others, and the
   * origination read from the details of signing operations, in one shared pass over the rows.
   */
  completeness(): Record<string, number> {
    const empty = this.run<Record<string, number>>(
      `SELECT (SELECT count(*) FROM events WHERE ${this.inRange()}) AS total,
         (SELECT count(*) FROM events WHERE ts = '' AND ${this.inRange()}) AS timestamp,
         (SELECT count(*) FROM events WHERE actor_id = '' AND ${this.inRange()}) AS actor,
         (SELECT count(*) FROM events WHERE action = '' AND ${this.inRange()}) AS action,
         (SELECT count(*) FROM events WHERE status = '' AND ${this.inRange()}) AS status`,
      [...this.r, ...this.r, ...this.r, ...this.r, ...this.r],
      'get',
    );
    const pass = this.run<Record<string, number>>(
      `SELECT count(*) AS total, sum(event_id = '') AS event_id, sum(entity_id = '' OR entity_type = '') AS entity,
         sum(category = 'signing') AS signing_total,
         sum(category = 'signing' AND request_id IS NOT NULL) AS signing_request_id,
         sum(action = 'SIGNING_OPERATION') AS signing_ops,
         sum(action = 'SIGNING_OPERATION' AND key_id IS NOT NULL) AS signing_key_id,
         sum(CASE WHEN action = 'SIGNING_OPERATION' THEN json_extract(CAST(canon AS TEXT), '$.details.agent',
           '$.details.sourceIp', '$.details.host') <> '[null,null,null]' ELSE 0 END) AS signing_origin
       FROM events WHERE ${this.inRange()}`,
      this.r,
      'get',
    );
    const total = empty.total;
    const present = (n: number | null) => total - (n ?? 0);
    return {
      total,
      event_id: present(pass.event_id),
      timestamp: present(empty.timestamp),
      actor: present(empty.actor),
      action: present(empty.action),
      entity: present(pass.entity),
      status: present(empty.status),
      signing_total: pass.signing_total ?? 0,
      signing_request_id: pass.signing_request_id ?? 0,
      signing_ops: pass.signing_ops ?? 0,
      signing_key_id: pass.signing_key_id ?? 0,
      signing_origin: pass.signing_origin ?? 0,
    };
  }

  /**
   * Key age at each rotation: from the key's KEY_GENERATED (or KEY_IMPORTED) to its KEY_ROTATED,
   * and the age now of keys generated and never rotated, revoked, deactivated or destroyed.
   */
  cryptoperiods(
    asOf: string,
  ): { key_id: string; born: string; ended: string | null; age_days: number; rotation_seq: number | null }[] {
    return this.run(
      `WITH born AS (SELECT entity_id AS key_id, ${tsTextSql('min(ts)')} AS born FROM events
           WHERE action IN ('KEY_GENERATED', 'KEY_IMPORTED') GROUP BY entity_id),
         rotated AS (SELECT entity_id AS key_id, ${tsTextSql('min(ts)')} AS ended, min(seq) AS seq FROM events
           WHERE action = 'KEY_ROTATED' GROUP BY entity_id),
         retired AS (SELECT entity_id AS key_id, ${tsTextSql('min(ts)')} AS ended FROM events
           WHERE action IN ('KEY_REVOKED', 'KEY_DEACTIVATED', 'KEY_DESTROYED') GROUP BY entity_id)
       SELECT b.key_id, b.born, coalesce(r.ended, t.ended) AS ended, r.seq AS rotation_seq,
         julianday(coalesce(r.ended, t.ended, ?)) - julianday(b.born) AS age_days
       FROM born b LEFT JOIN rotated r USING (key_id) LEFT JOIN retired t USING (key_id)
       WHERE ${this.range.whole ? '1' : 'coalesce(r.ended, t.ended, ?) BETWEEN ? AND ? OR (r.ended IS NULL AND t.ended IS NULL)'}
       ORDER BY age_days DESC`,
      // `ended` is text here: the period's bounds are compared as text.
      this.range.whole ? [asOf] : [asOf, asOf, this.range.from, this.range.to],
      'all',
    );
  }

  /**
   * Signing with a key after it was revoked, deactivated, destroyed or rotated away: each
   * SIGNING_OPERATION that succeeded with a key whose retirement event came earlier.
   */
  retiredKeyUse(): {
    seq: number;
    key_id: string;
    ts: string;
    retired_by: string;
    retired_at: string;
    retired_seq: number;
  }[] {
    // Driven by the signing operations after the first retirement (a range on the action index),
    // each matched to its key's first retirement; `+status` keeps SQLite off the status index,
    // which would read every SUCCESS row.
    return this.once('retiredKeyUse', () =>
      this.run(
        `WITH first_retired AS (SELECT entity_id AS key_id, action, min(ts) AS ts, seq FROM events INDEXED BY events_action_ts
           WHERE action IN ('KEY_REVOKED', 'KEY_DEACTIVATED', 'KEY_DESTROYED', 'KEY_ROTATED') AND +status = 'SUCCESS'
           GROUP BY entity_id)
       SELECT s.seq, s.key_id, ${tsTextSql('s.ts')} AS ts, f.action AS retired_by, ${tsTextSql('f.ts')} AS retired_at, f.seq AS retired_seq
       FROM events s INDEXED BY events_action_ts CROSS JOIN first_retired f ON f.key_id = s.key_id
       WHERE s.action = 'SIGNING_OPERATION' AND s.ts > (SELECT min(ts) FROM first_retired) AND +s.status = 'SUCCESS'
         AND s.ts > f.ts AND ${this.inRange('s.')}
       ORDER BY s.seq`,
        this.r,
        'all',
      ),
    );
  }

  /** Approvals granted by the actor who asked for the signing (same request ID). */
  selfApprovals(): { seq: number; request_id: string; actor_id: string; request_seq: number }[] {
    return this.once('selfApprovals', () =>
      this.run(
        `SELECT g.seq, g.request_id, g.actor_id, r.seq AS request_seq
       FROM events g JOIN events r ON r.request_id = g.request_id AND r.action = 'SIGNING_REQUESTED'
       WHERE g.action = 'APPROVAL_GRANTED' AND g.actor_id = r.actor_id AND ${this.inRange('g.')}
       ORDER BY g.seq`,
        this.r,
        'all',
      ),
    );
  }

  /** Approval decisions in the period, to say how many the self-approval check looked at. */
  approvals(): number {
    return this.count(`action IN ('APPROVAL_GRANTED', 'APPROVAL_DENIED')`);
  }

  /** Algorithms, key sizes and digests named in details, with how many events name each. */
  algorithms(): { algorithm: string | null; key_size: number | null; digest: string | null; n: number }[] {
    // One JSON parse per event: the three paths at once, grouped as the array they make.
    const rows = this.run<{ triple: string; n: number }[]>(
      `SELECT json_extract(CAST(canon AS TEXT), '$.details.algorithm', '$.details.keySize', '$.details.digestAlgorithm')
         AS triple, count(*) AS n
       FROM events WHERE action IN (${ALGORITHM_ACTIONS}) AND ${this.inRange()}
       GROUP BY triple HAVING triple <> '[null,null,null]' ORDER BY n DESC`,
      this.r,
      'all',
    );
    return rows.map((r) => {
      const [algorithm, keySize, digest] = JSON.parse(r.triple) as unknown[];
      return {
        algorithm: typeof algorithm === 'string' ? algorithm : algorithm == null ? null : JSON.stringify(algorithm),
        key_size: typeof keySize === 'number' ? keySize : null,
        digest: typeof digest === 'string' ? digest : digest == null ? null : JSON.stringify(digest),
        n: r.n,
      };
    });
  }

  checkpoints(): { n: number; newest_size: number | null; newest_at: string | null } {
    return this.run(
      'SELECT count(*) AS n, max(size) AS newest_size, max(created_at) AS newest_at FROM checkpoints',
      [],
      'get',
    );
  }

  /** Tables a later feature may add (the investigation journal), so a check can say whether they exist. */
  hasTable(name: string): boolean {
    return (
      this.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) === 1
    );
  }

  tableCount(name: string): number {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`not a table name: ${name}`);
    return this.run<number>(`SELECT count(*) FROM ${name}`, [], 'pluck');
  }

  /** Bursts of denials: actors with at least `min` DENIED events within any hour. */
  denialBursts(min: number): { actor_id: string; hour: string; n: number; first_seq: number }[] {
    return this.run(
      `SELECT actor_id, substr(${tsTextSql('ts')}, 1, 13) AS hour, count(*) AS n, min(seq) AS first_seq FROM events
       WHERE ${this.inRange()} AND status = 'DENIED' GROUP BY actor_id, hour HAVING n >= ? ORDER BY n DESC LIMIT 10`,
      [...this.r, min],
      'all',
    );
  }
}
