// Worker thread entry: scans one run of the store, or runs FTS5's integrity-check, on its own connection.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { runIntegrityCheck, type IndexOutcome } from './checkSearchIndex';
import { scanRange, type ScanPlan } from './scanRange';

/** A run of rows to scan, or (no plan) FTS5's integrity-check to run beside the scans. */
export interface WorkerJob {
  dbPath: string;
  plan?: ScanPlan;
}

export type WorkerMessage =
  | { type: 'progress'; rows: number }
  | { type: 'done'; result: ReturnType<typeof scanRange> }
  | { type: 'index'; outcome: IndexOutcome }
  | { type: 'error'; message: string };

const job = workerData as WorkerJob;
const port = parentPort;
if (port) {
  try {
    const plan = job.plan;
    const db = new Database(job.dbPath, { readonly: true, fileMustExist: true });
    db.pragma('trusted_schema = OFF'); // the store's views and triggers are someone else's SQL
    try {
      db.pragma('busy_timeout = 5000');
      if (plan) {
        db.pragma('cache_size = -65536');
        const result = scanRange(db, plan, (rows) => {
          port.postMessage({ type: 'progress', rows } satisfies WorkerMessage);
        });
        port.postMessage({ type: 'done', result } satisfies WorkerMessage);
      } else {
        port.postMessage({ type: 'index', outcome: runIntegrityCheck(db) } satisfies WorkerMessage);
      }
    } finally {
      db.close();
    }
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).message } satisfies WorkerMessage);
  }
}
