// Worker thread entry: formats its share of a CSV export's seq blocks on its own read-only
// connection, in one read transaction, and hands the pieces to the writing thread in order.
import { parentPort, workerData } from 'node:worker_threads';
import { creditsFrom } from '../threads/credits';
import { openCsvBlockReader } from '../store/exportRows';
import { CsvPieces } from './csv-pieces';

export interface CsvWorkerJob {
  dbPath: string;
  /** csvBlockSelect() of the store's exportRows: a SELECT of CSV_CELLS_COLUMNS whose last two parameters bound e.seq (inclusive). */
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
  const reader = openCsvBlockReader(job.dbPath, job.sql, job.params);
  try {
    for (const [first, last] of job.blocks) {
      for (const piece of new CsvPieces(reader.block(first, last), job.pieceBytes, reader.bySeq)) {
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
  } finally {
    reader.close();
    port.removeAllListeners('message');
  }
}

run().catch((err: unknown) => {
  port?.postMessage({ type: 'error', message: (err as Error).message } satisfies CsvWorkerMessage);
});
