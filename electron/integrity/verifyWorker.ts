// Worker thread entry: scans one run of the store on its own read-only connection.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { scanRange, type ScanPlan } from './scanRange';

export interface WorkerJob {
  dbPath: string;
  plan: ScanPlan;
}

export type WorkerMessage =
  | { type: 'progress'; rows: number }
  | { type: 'done'; result: ReturnType<typeof scanRange> }
  | { type: 'error'; message: string };

const job = workerData as WorkerJob;
const port = parentPort;
if (port) {
  try {
    const db = new Database(job.dbPath, { readonly: true, fileMustExist: true });
    try {
      db.pragma('cache_size = -65536');
      const result = scanRange(db, job.plan, (rows) => {
        port.postMessage({ type: 'progress', rows } satisfies WorkerMessage);
      });
      port.postMessage({ type: 'done', result } satisfies WorkerMessage);
    } finally {
      db.close();
    }
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).message } satisfies WorkerMessage);
  }
}
