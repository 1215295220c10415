// EXPLAIN QUERY PLAN of the grid's page and count for a filter (sorted by time, as the grid asks),
// for docs/performance.md and `tsx bench/explain.ts`: which index each filter really uses.
import type { EventFilter } from '../../shared/filter';
import type { Db } from './db';
import { buildWhere } from './query';

function plan(db: Db, sql: string, params: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join('; ');
}

/** The plans of a page of 100 sorted by time and of its count (the non-keyword-only path of queryEvents). */
export function pagePlans(db: Db, filter: EventFilter): { page: string; count: string } {
  const where = buildWhere(db, filter);
  return {
    page: plan(db, `SELECT e.seq FROM events e ${where.sql} ORDER BY e.ts ASC, e.seq ASC LIMIT 100`, where.params),
    count: plan(db, `SELECT count(*) FROM events e ${where.sql}`, where.params),
  };
}
