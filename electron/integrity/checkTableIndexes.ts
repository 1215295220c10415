// The indexes of the events table (and of the journal and checkpoints) agree with their rows. The
// report's checks and the app's views read counts, times and actions from these indexes, not from
// the rows the chain and Merkle tree cover: an index entry rewritten in the file (one byte, the
// index still in order) changed a report's figures under "Verification passed"
// (test/report/reportIndexTamper.test.ts). SQLite's integrity check compares every row with every
// index entry; what it names is reported, with the event when it names a row.
import type { Finding } from '../../shared/results';
import type { TableIndexProblem } from '../store/verifyRows';

const MAX_LISTED = 100;

/** `problems`: SQLite's check as run by store/verifyRows.ts tableIndexProblems (here or on a worker thread). */
export function checkTableIndexes(problems: TableIndexProblem[]): Finding[] {
  return problems.slice(0, MAX_LISTED).map(({ table, message }) => {
    const row = table === 'events' ? /^row (\d+) missing from index (\S+)/.exec(message) : null;
    return row
      ? {
          kind: 'MODIFIED' as const,
          seq: Number(row[1]),
          message: `Event ${row[1]} is missing from, or different in, the index ${row[2]}: figures read through that index (reports, views) do not show it as stored.`,
        }
      : {
          kind: 'MODIFIED' as const,
          seq: null,
          message: `The ${table} table or its indexes fail SQLite's integrity check (${message}): figures read through them cannot be trusted until they are rebuilt.`,
        };
  });
}
