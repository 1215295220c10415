// CSV formatting spread over worker threads. The seq range is cut into small blocks dealt out
// in turn (block b to worker b mod n); the writer takes them back in block order, so the file
// is the same as one thread's. Each worker may run `window` pieces ahead: memory stays flat.
import { Worker } from 'node:worker_threads';
import { MORE } from '../threads/credits';
import { mailbox } from '../threads/mailbox';
import { workerEntry, type WorkerEntry } from '../threads/workerEntry';
import type { CsvPiece } from './csv-pieces';
import type { CsvWorkerJob, CsvWorkerMessage } from './csvWorker';

export interface CsvWorkerPlan {
  dbPath: string;
  /** As CsvWorkerJob.sql: its last two parameters bound e.seq. */
  sql: string;
  params: unknown[];
  firstSeq: number;
  lastSeq: number;
  workers: number;
  /** Seqs per block (default 4096). */
  blockSeqs?: number;
}

const PIECE_BYTES = 256 * 1024;
const WINDOW = 16;

/** How to start the worker: the built .js beside this module, or the .ts source through tsx. */
export function csvWorkerEntry(): WorkerEntry | null {
  return workerEntry(import.meta.url, 'csvWorker');
}

function blocksOf(plan: CsvWorkerPlan): [number, number][] {
  const size = plan.blockSeqs ?? 4096;
  const blocks: [number, number][] = [];
  for (let first = plan.firstSeq; first <= plan.lastSeq; first += size)
    blocks.push([first, Math.min(plan.lastSeq, first + size - 1)]);
  return blocks;
}

/** The export's pieces in file order; stopping early (cancel, error) terminates the workers. */
export async function* csvPiecesInWorkers(plan: CsvWorkerPlan, entry: WorkerEntry): AsyncGenerator<CsvPiece> {
  const blocks = blocksOf(plan);
  const count = Math.max(1, Math.min(plan.workers, blocks.length));
  // A failure is a message too, delivered in its turn after the pieces before it.
  const inboxes = Array.from({ length: count }, () => mailbox<CsvWorkerMessage>());
  const workers = inboxes.map((inbox, i) => {
    const job: CsvWorkerJob = {
      dbPath: plan.dbPath,
      sql: plan.sql,
      params: plan.params,
      blocks: blocks.filter((_, b) => b % count === i),
      pieceBytes: PIECE_BYTES,
      window: WINDOW,
    };
    const worker = new Worker(entry.script, { workerData: job, eval: entry.eval });
    worker.on('message', (m: CsvWorkerMessage) => inbox.put(m));
    worker.on('error', (err) => inbox.put({ type: 'error', message: err.message }));
    // Read only if blocks were still expected from it: then it stopped before sending them.
    worker.on('exit', (code) => inbox.put({ type: 'error', message: `it stopped (exit code ${code})` }));
    return worker;
  });
  try {
    for (let b = 0; b < blocks.length; b++) {
      const w = b % count;
      for (;;) {
        const message = await inboxes[w].take();
        if (message.type === 'blockEnd') break;
        if (message.type === 'error') {
          throw new Error(
            `The CSV export's worker ${w + 1} failed on seq ${blocks[b][0]}–${blocks[b][1]}: ${message.message}`,
          );
        }
        const { buffer, byteOffset, byteLength } = message.bytes;
        yield { bytes: Buffer.from(buffer, byteOffset, byteLength), rows: message.rows };
        workers[w].postMessage(MORE);
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
