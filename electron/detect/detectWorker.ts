// Worker thread entry: loads the rules and runs them over the store on its own read-only
// connection, writing where it is to shared memory so runWorker.ts can stop a rule that hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { eventCount, openStore } from '../store/db';
import { lastEvent, openStoreImage } from '../store/detections';
import { inReadSnapshot } from '../store/transaction';
import { runRules, type LifecycleSnapshots, type RunPart, type RunResult } from './engine';
import { probe } from './probe';
import { loadForRun, type RunLoadOptions } from './runPlan';
import { fieldNames } from './probe';

export interface DetectJob extends RunLoadOptions {
  /** The store's file, or for a store without one (in memory) a copy of it (storeImage). */
  store: { path: string } | { image: Uint8Array };
  sinceSeq: number;
  /** Lifecycle states of an earlier run over this store (engine.ts). */
  lifecycle?: LifecycleSnapshots;
  /** This worker's time range of a split run (split.ts). */
  part?: RunPart;
  slots: SharedArrayBuffer;
  /** Set in a kept worker: the result leaves its lifecycle states in the worker. */
  keepLifecycle?: boolean;
}

export type DetectMessage =
  | { type: 'ready'; rules: { id: string; file: string; line: number }[]; fields: string[] }
  | { type: 'progress'; done: number; total: number }
  | {
      type: 'done';
      result: RunResult;
      errors: { file: string; line: number; problem: string }[];
      lastSeq: number;
      /** The chain hash of the last event this worker's snapshot saw: a split run's workers must agree. */
      lastChain: string | null;
    }
  | { type: 'error'; message: string };

/** A worker kept between incremental runs (runWorker.ts WarmDetectWorker): jobs come as messages. */
export interface WarmStart {
  persistent: true;
}

/**
 * Runs one job. `kept`: the lifecycle states this worker's previous run left (a kept worker);
 * they go through the engine's check (store, seq, chain) like states passed in.
 */
function runJob(
  job: DetectJob,
  port: NonNullable<typeof parentPort>,
  kept?: LifecycleSnapshots,
): LifecycleSnapshots | undefined {
  probe.slots = new Int32Array(job.slots);
  const loaded = loadForRun(job);
  port.postMessage({
    type: 'ready',
    rules: loaded.rules.map((r) => ({ id: r.meta.id, file: r.meta.file, line: r.meta.line })),
    fields: fieldNames(),
  } satisfies DetectMessage);
  // A new connection and read snapshot each run: a kept worker sees the store's newest events, and
  // a store file replaced under the same path.
  const db = 'path' in job.store ? openStore(job.store.path, { readonly: true }) : openStoreImage(job.store.image);
  try {
    // One snapshot: lastSeq and the events the run saw agree.
    const { lastSeq, lastChain, result } = inReadSnapshot(db, () => ({
      lastSeq: eventCount(db),
      lastChain: lastEvent(db)?.chain ?? null,
      result: runRules(db, loaded.rules, {
        sinceSeq: job.sinceSeq,
        lifecycle: job.lifecycle ?? kept,
        part: job.part,
        progress: (done, total) => port.postMessage({ type: 'progress', done, total } satisfies DetectMessage),
      }),
    }));
    // A kept worker keeps the states for its next run instead of cloning them out and back in.
    const states = result.lifecycle;
    if (job.keepLifecycle) delete result.lifecycle;
    port.postMessage({ type: 'done', result, errors: loaded.errors, lastSeq, lastChain } satisfies DetectMessage);
    return states;
  } finally {
    db.close();
  }
}

const port = parentPort;
if (port) {
  const data = workerData as DetectJob | WarmStart;
  if ('persistent' in data) {
    let kept: LifecycleSnapshots | undefined;
    port.on('message', (job: DetectJob) => {
      try {
        kept = runJob({ ...job, keepLifecycle: true }, port, kept);
      } catch (err) {
        kept = undefined;
        port.postMessage({ type: 'error', message: (err as Error).message } satisfies DetectMessage);
      }
    });
  } else {
    try {
      runJob(data, port);
    } catch (err) {
      port.postMessage({ type: 'error', message: (err as Error).message } satisfies DetectMessage);
    }
  }
}
