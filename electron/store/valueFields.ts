// The value fields (facets, pivots, exclusions) as SQL over the events table `e`. Every value is
// bound as a parameter; the expressions are fixed here, never built from input.
import type { EventFilter, ValueField } from '../../shared/filter';
import type { TopValues } from '../../shared/results';
import type { Db } from './db';

export const VALUE_SQL: Record<ValueField, string> = {
  actor: 'e.actor_id',
  action: 'e.action',
  category: 'e.category',
  status: 'e.status',
  entity: "e.entity_type || ':' || e.entity_id",
  keyId: 'e.key_id',
  agent: "json_extract(CAST(e.canon AS TEXT), '$.details.agent')",
  requestId: 'e.request_id',
};

/** `NOT IN` conditions for the filter's exclusions; a missing value (NULL) is never excluded. */
export function exclusionConditions(filter: EventFilter): { parts: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [field, values] of Object.entries(filter.exclude ?? {}) as [ValueField, string[] | undefined][]) {
    if (!values || values.length === 0) continue;
    const expr = VALUE_SQL[field];
    parts.push(`(${expr} IS NULL OR ${expr} NOT IN (${values.map(() => '?').join(', ')}))`);
    params.push(...values);
  }
  if (filter.agent) {
    parts.push(`${VALUE_SQL.agent} = ?`);
    params.push(filter.agent);
  }
  return { parts, params };
}

/**
 * The facets count at most this many matches, the newest by time. Counting every match does not
 * fit the panel's budget at 1M events (EXPLAIN QUERY PLAN: each field a scan of the table or of
 * the filter's index with a row lookup per match, and the entity/key/agent expressions a full
 * table scan; 0.3–8 s per field on 1M), so a filter with more matches is counted on a sample, and
 * the panel says so. All the fields are counted in one pass over the same rows.
 */
export const FACET_SAMPLE = 5_000;

/** The most frequent values of each field among the newest `sample` events the WHERE clause selects. */
export function topValuesWhere(
  db: Db,
  fields: readonly ValueField[],
  where: { sql: string; params: unknown[] },
  limit: number,
  sample = FACET_SAMPLE,
): TopValues[] {
  const columns = fields.map((field, i) => `${VALUE_SQL[field]} AS f${i}`).join(', ');
  // The (…, ts) indexes give the newest matches in order; one row past the sample tells it was cut.
  const rows = db
    .prepare(`SELECT ${columns} FROM events e ${where.sql} ORDER BY e.ts DESC, e.seq DESC LIMIT ?`)
    .raw()
    .all(...where.params, sample + 1) as unknown[][];
  const sampled = rows.length > sample;
  if (sampled) rows.pop();
  return fields.map((field, i) => {
    const counts = new Map<string, number>();
    for (const row of rows) {
      const value = row[i];
      if (value === null || value === undefined) continue;
      const key = String(value);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const values = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([value, count]) => ({ value, count }));
    return {
      field,
      values: values.slice(0, limit),
      more: values.length > limit,
      ...(sampled ? { sampled: sample } : {}),
    };
  });
}
