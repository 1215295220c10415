// Splits the store into runs aligned to Merkle blocks and scans them, in worker threads when
// the store is large enough to be worth it (each worker has its own read-only connection).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry, type WorkerEntry } from '../threads/workerEntry';
import type { Db } from '../store/db';
import { eventRowAt } from '../store/verifyRows';
import { ZERO_CHAIN } from './hash';
import { scanRange, type ScanPlan, type ScanResult } from './scanRange';
import type { IndexOutcome } from './checkSearchIndex';
import type { TableIndexProblem } from '../store/verifyRows';
import type { WorkerJob, WorkerMessage } from './verifyWorker';

export interface ScanOptions {
  sizes: number[];
  /** Worker threads to use; default: one per CPU when the store has ≥ 200,000 events, else none. */
  workers?: number;
  /** Merkle block of 2^blockLevel leaves that runs are aligned to (default 16). */
  blockLevel?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** Told when worker threads failed and the pass falls back to this thread. */
  onWorkerFailure?(err: Error): void;
  /** The rows are seqs 1..total exactly, so runs start by key (verifyRows.ts eventRowAt). */
  contiguous?: boolean;
}

export class VerifyCancelledError extends Error {
  override name = 'VerifyCancelledError';
}

export const PARALLEL_THRESHOLD = 200_000;

export function planRuns(
  db: Db,
  total: number,
  runs: number,
  blockLevel: number,
  sizes: number[],
  contiguous = false,
): ScanPlan[] {
  const block = 2 ** blockLevel;
  const blocks = Math.ceil(total / block);
  const perRun = Math.max(1, Math.ceil(blocks / Math.max(1, runs)));
  const plans: ScanPlan[] = [];
  for (let start = 0; start < total; start += perRun * block) {
    const before = start === 0 ? { seq: 0, chain: ZERO_CHAIN } : eventRowAt(db, start - 1, contiguous);
    plans.push({
      fromSeq: before.seq + 1,
      rows: Math.min(perRun * block, total - start),
      startPosition: start,
      prevSeq: before.seq,
      prevChain: before.chain,
      sizes,
      blockLevel,
    });
  }
  return plans;
}

/** Structured clone turns Buffers into Uint8Arrays; give them back their Buffer methods. */
function revive(result: ScanResult): ScanResult {
  const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return {
    ...result,
    breaks: result.breaks.map((b) => ({
      ...b,
      leaf: buf(b.leaf),
      chain: buf(b.chain),
      prevChain: buf(b.prevChain),
      recent: b.recent.map((r) => ({ seq: r.seq, chain: buf(r.chain) })),
    })),
    blockRoots: result.blockRoots.map(buf),
    snapshots: result.snapshots.map((s) => ({ ...s, nodes: s.nodes.map(buf) })),
  };
}

function scanInWorker(
  entry: WorkerEntry,
  job: WorkerJob,
  signal: AbortSignal | undefined,
  onRows: (rows: number) => void,
): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.script, { workerData: job, eval: entry.eval });
    const abort = (): void => {
      void worker.terminate();
      reject(new VerifyCancelledError('Verification was cancelled.'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const settle = (): void => signal?.removeEventListener('abort', abort);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onRows(message.rows);
      else if (message.type === 'done') {
        settle();
        resolve(revive(message.result));
        void worker.terminate();
      } else if (message.type === 'error') {
        settle();
        reject(new Error(message.message));
      }
    });
    worker.on('error', (err) => {
      settle();
      reject(err);
    });
  });
}

/**
 * FTS5's check and the tables' index check, each on its own worker thread beside the row scans (two
 * SQL statements of 2-3 s each at 500k events that cannot be split further: on their own they were
 * the longest thread, and the scans ended before them). A check left undefined could not run on a
 * worker (then the caller runs it on this thread); null when neither could.
 */
export interface IndexChecks {
  outcome?: IndexOutcome;
  tables?: TableIndexProblem[];
}

function indexCheckInWorker(
  entry: WorkerEntry,
  job: WorkerJob,
  signal: AbortSignal | undefined,
): Promise<IndexChecks | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.script, { workerData: job, eval: entry.eval });
    const abort = (): void => {
      void worker.terminate();
      reject(new VerifyCancelledError('Verification was cancelled.'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const settle = (outcome: IndexChecks | null): void => {
      signal?.removeEventListener('abort', abort);
      resolve(outcome);
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) =>
      settle(message.type === 'index' ? { outcome: message.outcome, tables: message.tables } : null),
    );
    worker.on('error', () => settle(null));
  });
}

export async function checkIndexInWorker(db: Db, signal?: AbortSignal): Promise<IndexChecks | null> {
  const entry = db.name && !db.memory ? workerEntry(import.meta.url, 'verifyWorker') : null;
  if (!entry) return null;
  const [search, tables] = await Promise.all([
    indexCheckInWorker(entry, { dbPath: db.name, check: 'search' }, signal),
    indexCheckInWorker(entry, { dbPath: db.name, check: 'tables' }, signal),
  ]);
  if (!search && !tables) return null;
  return { outcome: search?.outcome, tables: tables?.tables };
}

/** Scans every row once; returns the runs' results in seq order. */
export async function scanStore(db: Db, total: number, options: ScanOptions): Promise<ScanResult[]> {
  const blockLevel = options.blockLevel ?? 16;
  const signal = options.signal;
  const wantWorkers = options.workers ?? (total >= PARALLEL_THRESHOLD ? os.availableParallelism() : 0);
  const entry = wantWorkers > 0 && db.name && !db.memory ? workerEntry(import.meta.url, 'verifyWorker') : null;

  if (entry && wantWorkers > 0) {
    const plans = planRuns(db, total, wantWorkers, blockLevel, options.sizes, options.contiguous);
    const done = plans.map(() => 0);
    try {
      return await Promise.all(
        plans.map((plan, i) =>
          scanInWorker(entry, { dbPath: db.name, plan }, signal, (rows) => {
            done[i] = rows;
            options.onProgress?.(
              done.reduce((a, b) => a + b, 0),
              total,
            );
          }),
        ),
      );
    } catch (err) {
      if (err instanceof VerifyCancelledError) throw err;
      // A worker that cannot start (e.g. no loader in this build) must not stop verification.
      options.onWorkerFailure?.(err as Error);
    }
  }
  const [plan] = planRuns(db, total, 1, blockLevel, options.sizes, options.contiguous);
  if (!plan) return [];
  const result = scanRange(db, plan, (rows) => {
    options.onProgress?.(rows, total);
    return !signal?.aborted;
  });
  if (signal?.aborted) throw new VerifyCancelledError('Verification was cancelled.');
  return [result];
}
