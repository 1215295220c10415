// EXPLAIN QUERY PLAN of each filter the bench's query phase measures (bench/phase.ts), on a store
// the bench made: `tsx bench/explain.ts STORE`. Prints a Markdown table for docs/performance.md.
import { openStore } from '../electron/store/db';
import { queryEvents } from '../electron/store/query';
import { pagePlans } from '../electron/store/queryPlan';
import type { EventFilter } from '../shared/filter';

const db = openStore(process.argv[2], { readonly: true });
const total = queryEvents(db, { filter: {}, sort: { field: 'seq', dir: 'asc' }, limit: 1, offset: 0 } as never).total;
const probe = queryEvents(db, {
  filter: {},
  sort: { field: 'seq', dir: 'asc' },
  limit: 1,
  offset: Math.floor(total / 2),
} as never).rows[0];
const day = probe.timestamp.slice(0, 10);
const filters: Record<string, EventFilter> = {
  status: { statuses: ['DENIED'] },
  actor: { actors: [probe.actorId] },
  action: { actions: ['SIGNING_OPERATION'] },
  category: { categories: ['key_lifecycle'] },
  'time range': { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` },
  entity: { entityType: probe.entityType, entityId: probe.entityId },
  request: { requestId: probe.requestId ?? 'none' },
  'SIGNING_OPERATION + actor': { q: 'SIGNING_OPERATION', actors: [probe.actorId] },
  'release* + key_lifecycle': { q: 'release*', categories: ['key_lifecycle'] },
  'denied + SUCCESS': { q: 'denied', statuses: ['SUCCESS'] },
};
console.log('| bench filter | page query plan | count plan |\n|---|---|---|');
for (const [name, filter] of Object.entries(filters)) {
  const p = pagePlans(db, filter);
  console.log(`| ${name} | \`${p.page}\` | \`${p.count}\` |`);
}
db.close();
