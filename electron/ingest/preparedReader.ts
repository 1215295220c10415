// A file's events, prepared for appending. Where a worker thread can be had, parsing, mapping,
// canonicalising and leaf hashing run there, in parallel with the main thread's SQLite work;
// otherwise the same steps run in this thread. Both give the same events and the same errors.
import { Worker } from 'node:worker_threads';
import { prepareBatches, type PreparedEvent } from '../store/prepare';
import { MORE } from '../threads/credits';
import { mailbox } from '../threads/mailbox';
import { workerEntry } from '../threads/workerEntry';
import type { EventFormat } from './detectFormat';
import { ImportError } from './errors';
import { openEventFile, type OpenOptions, type ReaderStats } from './reader';

export type FromImportWorker =
  | { type: 'format'; format: EventFormat }
  | { type: 'batch'; events: PreparedEvent[] }
  | { type: 'done'; stats: ReaderStats }
  | { type: 'rejected'; file: string; line: number | null; field: string | null; problem: string }
  | { type: 'error'; message: string };

export interface PreparedReader {
  format: EventFormat;
  batches(): AsyncIterable<PreparedEvent[]>;
  stats(): ReaderStats;
  /** Stops the worker, if any, when the import ends early. */
  close(): Promise<void>;
}

/** Young-generation heap of the import worker, in MB. */
const IMPORT_WORKER_YOUNG_MB = 8;

/** Batches the worker may prepare ahead of the append. */
const IN_FLIGHT = 3;

export async function openPreparedFile(
  path: string,
  options: OpenOptions & { worker?: boolean } = {},
): Promise<PreparedReader> {
  const entry = options.worker === false ? null : workerEntry(import.meta.url, 'importWorker');
  if (!entry) return inThread(path, options);
  return inWorker(entry, path, options);
}

async function inThread(path: string, options: OpenOptions): Promise<PreparedReader> {
  const reader = await openEventFile(path, options);
  return {
    format: reader.format,
    batches: () => prepareBatches(reader.batches()),
    stats: () => reader.stats(),
    close: async () => {},
  };
}

function inWorker(
  entry: NonNullable<ReturnType<typeof workerEntry>>,
  path: string,
  options: OpenOptions,
): Promise<PreparedReader> {
  const worker = new Worker(entry.script, {
    workerData: { path, options: { assumeTz: options.assumeTz, limits: options.limits } },
    eval: entry.eval,
    // The parser's garbage is short-lived: a small young generation keeps the import in bounded memory.
    resourceLimits: { maxYoungGenerationSizeMb: IMPORT_WORKER_YOUNG_MB },
  });
  const box = mailbox<FromImportWorker>();
  worker.on('message', (m: FromImportWorker) => {
    if (m.type === 'rejected') box.fail(new ImportError(m.file, m.line, m.field, m.problem));
    else if (m.type === 'error') box.fail(new Error(m.message));
    else box.put(m);
  });
  worker.on('error', (err) => box.fail(err));
  worker.on('exit', (code) => {
    if (code !== 0) box.fail(new Error(`The import worker stopped unexpectedly (exit code ${code}).`));
  });
  const next = () => box.take();
  let stats: ReaderStats | null = null;
  const close = async () => {
    await worker.terminate();
  };
  return next().then(
    (first) => {
      if (first.type !== 'format') throw new Error('The import worker did not start with the file format.');
      for (let i = 0; i < IN_FLIGHT; i++) worker.postMessage(MORE);
      return {
        format: first.format,
        async *batches() {
          try {
            for (;;) {
              const m = await next();
              if (m.type === 'done') {
                stats = m.stats;
                return;
              }
              if (m.type === 'batch') {
                worker.postMessage(MORE);
                yield m.events;
              }
            }
          } finally {
            await close();
          }
        },
        stats: () => {
          if (!stats) throw new Error('The file has not been read to the end yet.');
          return stats;
        },
        close,
      };
    },
    async (err) => {
      await close();
      throw err;
    },
  );
}
