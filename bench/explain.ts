// EXPLAIN QUERY PLAN of each filter the bench's query phase measures (bench/phase.ts), on a store
// the bench made: `tsx bench/explain.ts STORE`. Prints a Markdown table for docs/performance.md.
import { openStore } from '../electron/store/db';
import { queryEvents } from '../electron/store/query';
import { pagePlans } from '../electron/store/queryPlan';
import { benchFilters } from './filters';

const db = openStore(process.argv[2], { readonly: true });
const total = queryEvents(db, { filter: {}, sort: { field: 'seq', dir: 'asc' }, limit: 1, offset: 0 } as never).total;
const probe = queryEvents(db, {
  filter: {},
  sort: { field: 'seq', dir: 'asc' },
  limit: 1,
  offset: Math.floor(total / 2),
} as never).rows[0];
const { filters: single, combined } = benchFilters(probe);
const filters = { ...single, ...combined };
console.log('| bench filter | page query plan | count plan |\n|---|---|---|');
for (const [name, filter] of Object.entries(filters)) {
  const p = pagePlans(db, filter);
  console.log(`| ${name} | \`${p.page}\` | \`${p.count}\` |`);
}
db.close();
