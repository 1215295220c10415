// Drives rows from a source into an AtomicFile: flushes in chunks, reports progress, and
// stops when the signal aborts. Awaiting each chunk yields to the event loop, which is
// what lets a cancel arrive mid-export.
import type { AtomicFile } from './atomic-file';
import type { RowSource } from './rows';

export interface PumpOptions {
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
}

export async function pumpRows<R>(
  rows: RowSource<R>,
  file: AtomicFile,
  writeRow: (row: R) => void,
  opts: PumpOptions,
): Promise<number> {
  let done = 0;
  const afterRow = async (): Promise<void> => {
    if (!file.full) return;
    await file.flush();
    opts.signal?.throwIfAborted();
    opts.onProgress?.(done);
  };
  opts.signal?.throwIfAborted();
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      writeRow(row);
      done++;
      await afterRow();
    }
  } else {
    for await (const row of rows) {
      writeRow(row);
      done++;
      await afterRow();
    }
  }
  await file.flush();
  opts.signal?.throwIfAborted();
  opts.onProgress?.(done);
  return done;
}

/** Runs `body` with the files; on any failure or cancel, deletes what was written. */
export async function withPartialFiles<T>(files: AtomicFile[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    await Promise.all(files.map((f) => f.discard()));
    throw err;
  }
}
