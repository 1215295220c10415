// Worker thread entry: formats its share of a CSV export's seq blocks on its own read-only
// connection, in one read transaction, and hands the pieces to the writing thread in order.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { creditsFrom } from '../threads/credits';
import type { CsvSourceRow } from './csv-line';
import { CsvPieces } from './csv-pieces';

export interface CsvWorkerJob {
  dbPath: string;
  /** A SELECT of CSV_SOURCE_COLUMNS whose last two parameters bound e.seq (inclusive). */
  sql: string;
  params: unknown[];
  /** [first seq, last seq] of each block this worker formats, in file order. */
  blocks: [number, number][];
  pieceBytes: number;
  /** Pieces it may send before the writer acknowledges one: bounds the memory in flight. */
  window: number;
}

export type CsvWorkerMessage =
  { type: 'piece'; bytes: Uint8Array; rows: number } | { type: 'blockEnd' } | { type: 'error'; message: string };

const job = workerData as CsvWorkerJob;
const port = parentPort;

async function run(): Promise<void> {
  if (!port) return;
  const credits = creditsFrom(port, job.window);
  const db = new Database(job.dbPath, { readonly: true, fileMustExist: true });
  db.pragma('trusted_schema = OFF'); // the store's views and triggers are someone else's SQL
  try {
    // One pass in seq order reuses no page: a small cache keeps each worker's memory small.
    db.pragma('cache_size = -4096');
    db.exec('BEGIN');
    const select = db.prepare(job.sql).raw(true);
    for (const [first, last] of job.blocks) {
      const rows = select.iterate(...job.params, first, last) as IterableIterator<CsvSourceRow>;
      for (const piece of new CsvPieces(rows, job.pieceBytes)) {
        await credits.take();
        const { buffer, byteOffset, byteLength } = piece.bytes;
        const bytes = new Uint8Array(buffer, byteOffset, byteLength);
        // A piece owns its ArrayBuffer (never the shared pool: pieces are large), so it can move.
        port.postMessage({ type: 'piece', bytes, rows: piece.rows } satisfies CsvWorkerMessage, [
          buffer as ArrayBuffer,
        ]);
      }
      port.postMessage({ type: 'blockEnd' } satisfies CsvWorkerMessage);
    }
    db.exec('COMMIT');
  } finally {
    db.close();
    port.removeAllListeners('message');
  }
}

run().catch((err: unknown) => {
  port?.postMessage({ type: 'error', message: (err as Error).message } satisfies CsvWorkerMessage);
});
