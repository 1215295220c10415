// Worker thread entry: scans one run of the store, or runs FTS5's integrity-check or SQLite's check
// of the tables' indexes (or both), on its own connection.
import { parentPort, workerData } from 'node:worker_threads';
import { runIntegrityCheck, type IndexOutcome } from './checkSearchIndex';
import { scanRange, type ScanPlan } from './scanRange';
import { openVerifyReader, tableIndexProblems, type TableIndexProblem } from '../store/verifyRows';

/** A run of rows to scan, or (no plan) one of the index checks to run beside the scans (both when none is named). */
export interface WorkerJob {
  dbPath: string;
  plan?: ScanPlan;
  check?: 'search' | 'tables';
}

export type WorkerMessage =
  | { type: 'progress'; rows: number }
  | { type: 'done'; result: ReturnType<typeof scanRange> }
  | { type: 'index'; outcome?: IndexOutcome; tables?: TableIndexProblem[] }
  | { type: 'error'; message: string };

const job = workerData as WorkerJob;
const port = parentPort;
if (port) {
  try {
    const plan = job.plan;
    const db = openVerifyReader(job.dbPath, plan ? 65536 : undefined);
    try {
      if (plan) {
        const result = scanRange(db, plan, (rows) => {
          port.postMessage({ type: 'progress', rows } satisfies WorkerMessage);
        });
        port.postMessage({ type: 'done', result } satisfies WorkerMessage);
      } else {
        port.postMessage({
          type: 'index',
          outcome: job.check === 'tables' ? undefined : runIntegrityCheck(db),
          tables: job.check === 'search' ? undefined : tableIndexProblems(db),
        } satisfies WorkerMessage);
      }
    } finally {
      db.close();
    }
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).message } satisfies WorkerMessage);
  }
}
