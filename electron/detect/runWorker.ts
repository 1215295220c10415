// Runs the rules in a worker thread with a time limit, so no rule file can hang the app: the
// worker counts the events it evaluates in shared memory; when one rule stays on one event
// longer than the budget, the worker is stopped, the rule is reported (file, line, field, event)
// and the run starts again without it. A store without a file (in memory) is copied to the worker
// (db.serialize()), so it has the same time limit. A full run over a large store is split by time
// over one worker per core (split.ts); a rule stopped in any of them is left out of all.
import { Worker } from 'node:worker_threads';
import type { JobContext } from '../../shared/handlers';
import { workerEntry } from '../threads/workerEntry';
import type { Db } from '../store/db';
import { eventCount } from '../store/db';
import { storeImage } from '../store/detections';
import type { DetectJob, DetectMessage, WarmStart } from './detectWorker';
import { runRules, type LifecycleSnapshots, type RunPart, type RunResult } from './engine';
import { FIELD, HEARTBEAT, RULE, SEQ, SLOTS } from './probe';
import { loadForRun, type RunLoadOptions } from './runPlan';
import { defaultWorkers, mergeParts, MIN_SPLIT_EVENTS, splitParts } from './split';

/** How long one rule may stay on one event before it is stopped. */
export const DEFAULT_RULE_BUDGET_MS = 3_000;

export interface GuardedRun {
  result: RunResult;
  errors: { file: string; line: number; problem: string }[];
  lastSeq: number;
}

/** How a full run is split: at most `workers` parts, and only over stores of `minEvents` events or more. */
export interface SplitOptions {
  workers: number;
  minEvents: number;
}

type Done = { kind: 'done'; run: GuardedRun; lastChain: string | null };
type Attempt =
  Done | { kind: 'stopped'; rule: { id: string; file: string; line: number }; field: string | null; seq: number };

export async function runGuarded(
  db: Db,
  options: Omit<RunLoadOptions, 'skip'>,
  sinceSeq: number,
  ctx?: JobContext,
  budgetMs = DEFAULT_RULE_BUDGET_MS,
  /** Lifecycle states of an earlier run over this store (engine.ts), kept by the caller. */
  lifecycle?: LifecycleSnapshots,
  split: SplitOptions = { workers: defaultWorkers(), minEvents: MIN_SPLIT_EVENTS },
  /** The worker kept between this store's incremental runs (handlers.ts); none: a new worker each run. */
  warm?: WarmDetectWorker,
): Promise<GuardedRun> {
  const started = performance.now();
  const entry = workerEntry(import.meta.url, 'detectWorker');
  if (!entry) {
    // No worker script beside this module (never in the app or the CLI): on this thread, unguarded.
    const loaded = loadForRun({ ...options, skip: [] });
    const lastSeq = eventCount(db);
    const result = runRules(db, loaded.rules, {
      sinceSeq,
      lifecycle,
      signal: ctx?.signal,
      progress: (done, total) => ctx?.progress('Running detection rules', done, total),
    });
    return { result, errors: loaded.errors, lastSeq };
  }
  const store = db.name && !db.memory ? { path: db.name } : { image: storeImage(db) };
  // A full run over a large store: one part per worker (incremental runs are small: one worker).
  let parts: RunPart[] | null =
    sinceSeq === 0 && split.workers > 1 && eventCount(db) >= split.minEvents ? splitParts(db, split.workers) : null;
  if (parts && parts.length < 2) parts = null;
  const skip: string[] = [];
  const stopped: GuardedRun['errors'] = [];
  for (;;) {
    const job = { ...options, skip, store, sinceSeq, lifecycle };
    const attempt = parts
      ? await attemptInParts(entry, job, parts, ctx, budgetMs)
      : await attemptInWorker(
          entry,
          job,
          ctx?.signal,
          progressTo(ctx),
          budgetMs,
          // Only an incremental run in a kept worker; a rerun after a stopped rule starts a new one.
          sinceSeq > 0 && skip.length === 0 ? warm : undefined,
        );
    if (attempt === 'disagree') {
      // The workers' snapshots saw different stores (written between their starts): one worker.
      parts = null;
      continue;
    }
    if (attempt.kind === 'done') {
      attempt.run.errors.push(...stopped);
      if (parts) attempt.run.result.ms = Math.round(performance.now() - started);
      return attempt.run;
    }
    skip.push(attempt.rule.id);
    stopped.push({
      file: attempt.rule.file,
      line: attempt.rule.line,
      problem:
        `rule "${attempt.rule.id}" exceeded its time budget of ${budgetMs} ms` +
        (attempt.field ? ` on field "${attempt.field}"` : '') +
        ` at event seq ${attempt.seq}: it was stopped and the other rules ran without it`,
    });
  }
}

const progressTo =
  (ctx: JobContext | undefined) =>
  (done: number, total: number): void =>
    ctx?.progress('Running detection rules', done, total);

/**
 * The parts in one worker each, at once. A rule stopped in one stops the attempt (the run starts
 * again without it, in every part); so do an error and a cancellation. 'disagree': the workers'
 * read snapshots do not end with the same event.
 */
async function attemptInParts(
  entry: NonNullable<ReturnType<typeof workerEntry>>,
  job: Omit<DetectJob, 'slots' | 'part'>,
  parts: RunPart[],
  ctx: JobContext | undefined,
  budgetMs: number,
): Promise<Attempt | 'disagree'> {
  const stop = new AbortController();
  const cancel = () => stop.abort();
  ctx?.signal.addEventListener('abort', cancel, { once: true });
  const done = parts.map(() => 0);
  const totals = parts.map(() => 0);
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  let failed: { error: unknown } | null = null as { error: unknown } | null;
  try {
    const attempts = parts.map((part, i) =>
      attemptInWorker(
        entry,
        { ...job, part },
        stop.signal,
        (d, t) => {
          done[i] = d;
          totals[i] = t;
          ctx?.progress('Running detection rules', sum(done), sum(totals));
        },
        budgetMs,
      ).then(
        (a) => {
          // The first part stopped for a rule ends the others: the attempt starts again without it.
          if (a.kind === 'stopped') stop.abort();
          return a;
        },
        (err: unknown) => {
          // A part that failed ends the others too (they fail after it, as cancelled).
          if (!failed) failed = { error: err };
          stop.abort();
          throw err;
        },
      ),
    );
    const settled = await Promise.allSettled(attempts);
    if (ctx?.signal.aborted) throw new Error('Detection run cancelled.');
    const stoppedRule = settled.find(
      (s): s is PromiseFulfilledResult<Extract<Attempt, { kind: 'stopped' }>> =>
        s.status === 'fulfilled' && s.value.kind === 'stopped',
    );
    if (stoppedRule) return stoppedRule.value;
    // The part that failed first, not the others it stopped.
    if (failed) throw failed.error;
    const runs = settled.map((s) => (s as PromiseFulfilledResult<Done>).value);
    const [first] = runs;
    if (runs.some((r) => r.run.lastSeq !== first.run.lastSeq || r.lastChain !== first.lastChain)) return 'disagree';
    return {
      kind: 'done',
      lastChain: first.lastChain,
      run: {
        result: mergeParts(runs.map((r) => r.run.result)),
        errors: first.run.errors,
        lastSeq: first.run.lastSeq,
      },
    };
  } finally {
    ctx?.signal.removeEventListener('abort', cancel);
  }
}

/**
 * One detection worker kept between the incremental runs over one store file, so the pack's code
 * stays compiled and the lifecycle states the last run left stay in the worker (never cloned out,
 * never written anywhere). A run stopped for a rule, cancelled or failed discards it: the next run
 * starts a new one, which has no states and replays history (the same hits). It never keeps the
 * process alive, is closed with the service, and after `idleMs` without a run.
 */
export class WarmDetectWorker {
  private worker: Worker | null = null;
  private path: string | null = null;
  private busy = false;
  private idle: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly idleMs = 120_000) {}

  /** The kept worker's thread, or null when none is kept (tests and the bench tell reuse by it). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** The kept worker for this store file (a new one for another file), or null while one runs. */
  take(entry: NonNullable<ReturnType<typeof workerEntry>>, path: string): Worker | null {
    if (this.busy) return null;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (!this.worker || this.path !== path) {
      this.close();
      const worker = new Worker(entry.script, {
        workerData: { persistent: true } satisfies WarmStart,
        eval: entry.eval,
      });
      worker.unref();
      // Between runs nobody listens: an error there only discards the worker.
      worker.on('error', () => this.drop(worker));
      worker.on('exit', () => this.drop(worker));
      this.worker = worker;
      this.path = path;
    }
    this.busy = true;
    return this.worker;
  }

  /** The run on `worker` ended: keep it for the next run, or (stopped, cancelled, failed) end it. */
  release(worker: Worker, keep: boolean): void {
    if (this.worker !== worker) {
      void worker.terminate();
      return;
    }
    this.busy = false;
    if (!keep) {
      this.close();
      return;
    }
    this.idle = setTimeout(() => this.close(), this.idleMs);
    this.idle.unref();
  }

  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const worker = this.worker;
    this.worker = null;
    this.path = null;
    this.busy = false;
    if (worker) void worker.terminate();
  }

  private drop(worker: Worker): void {
    if (this.worker === worker) this.close();
  }
}

function attemptInWorker(
  entry: NonNullable<ReturnType<typeof workerEntry>>,
  job: Omit<DetectJob, 'slots'>,
  signal: AbortSignal | undefined,
  progress: (done: number, total: number) => void,
  budgetMs: number,
  warm?: WarmDetectWorker,
): Promise<Attempt> {
  const shared = new SharedArrayBuffer(SLOTS * 4);
  const slots = new Int32Array(shared);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('Detection run cancelled.'));
      return;
    }
    const data = { ...job, slots: shared } satisfies DetectJob;
    const kept = warm && 'path' in job.store ? warm.take(entry, job.store.path) : null;
    const worker = kept ?? new Worker(entry.script, { workerData: data, eval: entry.eval });
    if (kept) kept.postMessage(data);
    let rules: { id: string; file: string; line: number }[] = [];
    let fields: string[] = [];
    let lastBeat = -1;
    let lastRule = 0;
    let since = Date.now();
    const watch = setInterval(
      () => {
        const beat = Atomics.load(slots, HEARTBEAT);
        const rule = Atomics.load(slots, RULE);
        if (beat !== lastBeat || rule !== lastRule || rule === 0) {
          lastBeat = beat;
          lastRule = rule;
          since = Date.now();
          return;
        }
        if (Date.now() - since < budgetMs) return;
        const field = Atomics.load(slots, FIELD);
        const seq = Atomics.load(slots, SEQ);
        finish(false);
        resolve({ kind: 'stopped', rule: rules[rule - 1], field: fields[field - 1] ?? null, seq });
      },
      Math.min(100, budgetMs / 4),
    );
    const abort = () => {
      finish(false);
      reject(new Error('Detection run cancelled.'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    /** `ok`: the run is done and a kept worker may serve the next one; otherwise the worker ends. */
    function finish(ok: boolean) {
      clearInterval(watch);
      signal?.removeEventListener('abort', abort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (kept) warm?.release(kept, ok);
      else void worker.terminate();
    }
    function onMessage(m: DetectMessage) {
      if (m.type === 'ready') {
        rules = m.rules;
        fields = m.fields;
      } else if (m.type === 'progress') progress(m.done, m.total);
      else if (m.type === 'done') {
        finish(true);
        resolve({
          kind: 'done',
          lastChain: m.lastChain,
          run: { result: m.result, errors: m.errors, lastSeq: m.lastSeq },
        });
      } else {
        finish(false);
        reject(new Error(m.message));
      }
    }
    function onError(err: Error) {
      finish(false);
      reject(err);
    }
    function onExit(code: number) {
      finish(false);
      reject(new Error(`The detection worker exited (code ${code}) before it finished.`));
    }
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
