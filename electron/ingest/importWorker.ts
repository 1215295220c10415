// Worker thread entry: reads, maps and prepares a file's events (canonical bytes, leaf hash,
// derived columns) while the main thread appends the previous batch. At most a few batches are
// in flight, so memory stays bounded whatever the file's size.
import { parentPort, workerData } from 'node:worker_threads';
import { creditsFrom } from '../threads/credits';
import { prepareEvent } from '../store/prepare';
import { ImportError } from './errors';
import { openEventFile, type OpenOptions } from './reader';
import type { FromImportWorker } from './preparedReader';

const port = parentPort;
const job = workerData as { path: string; options: OpenOptions };
const credits = creditsFrom(port);

function send(message: FromImportWorker): void {
  port?.postMessage(message);
}

async function run(): Promise<void> {
  try {
    const reader = await openEventFile(job.path, job.options);
    send({ type: 'format', format: reader.format });
    for await (const batch of reader.batches()) {
      await credits.take();
      send({ type: 'batch', events: batch.map(prepareEvent) });
    }
    send({ type: 'done', stats: reader.stats() });
  } catch (err) {
    if (err instanceof ImportError) {
      send({ type: 'rejected', file: err.file, line: err.line, field: err.field, problem: err.problem });
    } else send({ type: 'error', message: (err as Error).message });
  }
}

if (port) void run();
