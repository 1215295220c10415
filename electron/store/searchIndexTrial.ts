// Trials of keyword-index settings (`tsx bench/ftsTune.ts`, docs/performance.md "FTS5 tuning"):
// on a COPY of a bench store, a second FTS5 table is filled the way an import fills events_fts
// (batches of 2,000 events, one transaction), with the settings under trial, then checked and
// queried. Every statement and every name here is this file's own; the copy is a store the bench
// made, and the trial tables are dropped before the next trial.
import type { WritableDb } from './db';
import { SEARCH_COLUMNS, SEARCH_TOKENIZER } from './searchText';

/** Where a trial index reads its text from. */
export type TrialContent =
  /** The store's own view (migration 0006): details decoded from the canonical JSON per row. */
  | 'view'
  /** A copy of the events table with the details' text as a stored column, and a view over it. */
  | 'details-column'
  /** A narrow table holding the six indexed texts (what a content-owning FTS5 table or a sidecar keeps). */
  | 'text-table';

export interface SearchIndexTrial {
  name: string;
  /** FTS5 configuration values set before filling (hashsize, automerge, crisismerge, pgsz, ...). */
  config: Record<string, number>;
  /** FTS5's `prefix` option, e.g. '3' or '2 3'. */
  prefix?: string;
  /** Run after the last batch, inside the transaction. */
  end?: 'optimize' | 'merge';
  content?: TrialContent;
  /** Leave the event ID column out (a measurement only: the app searches IDs). */
  withoutId?: boolean;
}

export interface SearchIndexTrialResult {
  name: string;
  /** CPU seconds (user + system of this process) filling the index, batch by batch. */
  fillCpu: number;
  /** CPU seconds of the `end` command. */
  endCpu: number;
  commitCpu: number;
  /** Rows and bytes of the index's %_data table. */
  dataRows: number;
  dataMb: number;
  /** CPU seconds of FTS5's integrity-check of the trial index. */
  checkCpu: number;
  /** Keyword page of 100 plus its capped count, p95 wall ms and mean CPU ms over the bench's six queries. */
  queryP95Ms: number;
  queryCpuMs: number;
  /** Median wall ms of each query's page and count, by query. */
  medianMsByQuery: Record<string, number>;
}

const TRIAL = 'trial_fts';
const FILL_BATCH = 2000;
const cpuSeconds = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** The copies 'details-column' and 'text-table' read, made once per store copy. */
function ensureContent(db: WritableDb, content: TrialContent): string {
  if (content === 'view') return 'events_fts_source';
  if (content === 'text-table') {
    db.exec(`CREATE TABLE IF NOT EXISTS trial_text (seq INTEGER PRIMARY KEY, ${SEARCH_COLUMNS.map((c) => `${c} TEXT`).join(', ')});
      INSERT INTO trial_text SELECT * FROM events_fts_source WHERE NOT EXISTS (SELECT 1 FROM trial_text) ORDER BY seq;`);
    return 'trial_text';
  }
  db.exec(`CREATE TABLE IF NOT EXISTS trial_events_wide (seq INTEGER PRIMARY KEY, canon BLOB, leaf BLOB, chain BLOB,
      event_id TEXT, ts INTEGER, actor_id TEXT, actor_type TEXT, action TEXT, category TEXT, entity_type TEXT,
      entity_id TEXT, entity_name TEXT, status TEXT, request_id TEXT, key_id TEXT, import_id INTEGER,
      source_line INTEGER, details_text TEXT);
    INSERT INTO trial_events_wide SELECT *, json_extract(CAST(canon AS TEXT), '$.details') FROM events
      WHERE NOT EXISTS (SELECT 1 FROM trial_events_wide) ORDER BY seq;
    CREATE VIEW IF NOT EXISTS trial_details_view AS SELECT seq, event_id AS id,
      actor_id || ' ' || actor_type AS actor, action || ' ' || category AS action,
      entity_type || ' ' || entity_id || coalesce(' ' || entity_name, '') AS entity, status,
      details_text AS details FROM trial_events_wide;`);
  return 'trial_details_view';
}

/** Six keyword queries of the bench's query phase, as toFtsQuery() writes them. */
function benchQueries(db: WritableDb): string[] {
  const max = (db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
  const id = db
    .prepare('SELECT event_id FROM events WHERE seq = ?')
    .pluck()
    .get(Math.floor(max / 2)) as string;
  return ['"SIGNING_OPERATION"', '"denied"', '"alice"', '"release"*', '"HSM slot 3"', `"${id.replace(/"/g, '""')}"`];
}

export function runSearchIndexTrial(db: WritableDb, trial: SearchIndexTrial): SearchIndexTrialResult {
  const content = ensureContent(db, trial.content ?? 'view');
  const columns = SEARCH_COLUMNS.filter((c) => !(trial.withoutId && c === 'id')).join(', ');
  db.exec(`DROP TABLE IF EXISTS ${TRIAL}`);
  const prefix = trial.prefix ? `, prefix = '${trial.prefix.replace(/[^0-9 ]/g, '')}'` : '';
  db.exec(`CREATE VIRTUAL TABLE ${TRIAL} USING fts5(${columns}, content = '${content}', content_rowid = 'seq',
    columnsize = 0, tokenize = ${SEARCH_TOKENIZER}${prefix})`);
  const setConfig = db.prepare(`INSERT INTO ${TRIAL} (${TRIAL}, rank) VALUES (?, ?)`);
  // FTS5 reads a configuration value's type: bound numbers arrive as REAL, which it refuses.
  for (const [key, value] of Object.entries(trial.config)) setConfig.run(key, BigInt(Math.trunc(value)));
  const max = (db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
  const fill = db.prepare(
    `INSERT INTO ${TRIAL} (rowid, ${columns}) SELECT seq, ${columns} FROM ${content} WHERE seq BETWEEN ? AND ?`,
  );
  const c0 = cpuSeconds();
  db.exec('BEGIN');
  for (let first = 1; first <= max; first += FILL_BATCH) fill.run(first, Math.min(max, first + FILL_BATCH - 1));
  const c1 = cpuSeconds();
  if (trial.end === 'optimize') db.prepare(`INSERT INTO ${TRIAL} (${TRIAL}) VALUES ('optimize')`).run();
  if (trial.end === 'merge') db.prepare(`INSERT INTO ${TRIAL} (${TRIAL}, rank) VALUES ('merge', 500)`).run();
  const c2 = cpuSeconds();
  db.exec('COMMIT');
  const c3 = cpuSeconds();
  const data = db
    .prepare(`SELECT count(*) AS rows, coalesce(sum(length(block)), 0) AS bytes FROM ${TRIAL}_data`)
    .get() as {
    rows: number;
    bytes: number;
  };
  const k0 = cpuSeconds();
  db.prepare(`INSERT INTO ${TRIAL} (${TRIAL}, rank) VALUES ('integrity-check', 1)`).run();
  const checkCpu = cpuSeconds() - k0;
  const page = db.prepare(
    `SELECT e.seq, e.canon FROM ${TRIAL} f JOIN events e ON e.seq = f.rowid WHERE f.${TRIAL} MATCH ? ORDER BY f.rowid DESC LIMIT 100 OFFSET ?`,
  );
  const count = db.prepare(`SELECT count(*) FROM (SELECT rowid FROM ${TRIAL} WHERE ${TRIAL} MATCH ? LIMIT 10001)`);
  const times: number[] = [];
  const byQuery = new Map<string, number[]>();
  const q0 = cpuSeconds();
  const queries = benchQueries(db);
  for (let round = 0; round < 10; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      page.all(q, (round % 5) * 100);
      count.get(q);
      const ms = performance.now() - t0;
      times.push(ms);
      byQuery.set(q, [...(byQuery.get(q) ?? []), ms]);
    }
  }
  const medianMsByQuery: Record<string, number> = {};
  for (const [q, list] of byQuery)
    medianMsByQuery[q.slice(0, 20)] = +list.sort((a, b) => a - b)[list.length >> 1].toFixed(1);
  const queryCpuMs = ((cpuSeconds() - q0) * 1000) / times.length;
  times.sort((a, b) => a - b);
  db.exec(`DROP TABLE ${TRIAL}`);
  return {
    name: trial.name,
    fillCpu: c1 - c0,
    endCpu: c2 - c1,
    commitCpu: c3 - c2,
    dataRows: data.rows,
    dataMb: data.bytes / 1e6,
    checkCpu,
    queryP95Ms: times[Math.ceil(times.length * 0.95) - 1],
    queryCpuMs,
    medianMsByQuery,
  };
}
