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

/** The most frequent values of one field among the events the WHERE clause selects. */
export function topValuesWhere(
  db: Db,
  field: ValueField,
  where: { sql: string; params: unknown[] },
  limit: number,
): TopValues {
  const expr = VALUE_SQL[field];
  const nonNull = where.sql ? `${where.sql} AND ${expr} IS NOT NULL` : `WHERE ${expr} IS NOT NULL`;
  const rows = db
    .prepare(`SELECT ${expr} AS value, count(*) AS n FROM events e ${nonNull} GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`)
    .all(...where.params, limit + 1) as { value: string; n: number }[];
  return {
    field,
    values: rows.slice(0, limit).map((r) => ({ value: String(r.value), count: r.n })),
    more: rows.length > limit,
  };
}
