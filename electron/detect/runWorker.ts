// Runs the rules in a worker thread with a time limit, so no rule file can hang the app: the
// worker counts the events it evaluates in shared memory; when one rule stays on one event
// longer than the budget, the worker is stopped, the rule is reported (file, line, field, event)
// and the run starts again without it. A store without a file (in memory) is copied to the worker
// (db.serialize()), so it has the same time limit.
import { Worker } from 'node:worker_threads';
import type { JobContext } from '../../shared/handlers';
import { workerEntry } from '../threads/workerEntry';
import type { Db } from '../store/db';
import { eventCount } from '../store/db';
import { storeImage } from '../store/detections';
import type { DetectJob, DetectMessage } from './detectWorker';
import { runRules, type LifecycleSnapshots, type RunResult } from './engine';
import { FIELD, HEARTBEAT, RULE, SEQ, SLOTS } from './probe';
import { loadForRun, type RunLoadOptions } from './runPlan';

/** How long one rule may stay on one event before it is stopped. */
export const DEFAULT_RULE_BUDGET_MS = 3_000;

export interface GuardedRun {
  result: RunResult;
  errors: { file: string; line: number; problem: string }[];
  lastSeq: number;
}

type Attempt =
  | { kind: 'done'; run: GuardedRun }
  | { kind: 'stopped'; rule: { id: string; file: string; line: number }; field: string | null; seq: number };

export async function runGuarded(
  db: Db,
  options: Omit<RunLoadOptions, 'skip'>,
  sinceSeq: number,
  ctx?: JobContext,
  budgetMs = DEFAULT_RULE_BUDGET_MS,
  /** Lifecycle states of an earlier run over this store (engine.ts), kept by the caller. */
  lifecycle?: LifecycleSnapshots,
): Promise<GuardedRun> {
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
  const skip: string[] = [];
  const stopped: GuardedRun['errors'] = [];
  for (;;) {
    const attempt = await attemptInWorker(entry, { ...options, skip, store, sinceSeq, lifecycle }, ctx, budgetMs);
    if (attempt.kind === 'done') {
      attempt.run.errors.push(...stopped);
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

function attemptInWorker(
  entry: NonNullable<ReturnType<typeof workerEntry>>,
  job: Omit<DetectJob, 'slots'>,
  ctx: JobContext | undefined,
  budgetMs: number,
): Promise<Attempt> {
  const shared = new SharedArrayBuffer(SLOTS * 4);
  const slots = new Int32Array(shared);
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.script, {
      workerData: { ...job, slots: shared } satisfies DetectJob,
      eval: entry.eval,
    });
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
        finish();
        resolve({ kind: 'stopped', rule: rules[rule - 1], field: fields[field - 1] ?? null, seq });
      },
      Math.min(100, budgetMs / 4),
    );
    const abort = () => {
      finish();
      reject(new Error('Detection run cancelled.'));
    };
    ctx?.signal.addEventListener('abort', abort, { once: true });
    function finish() {
      clearInterval(watch);
      ctx?.signal.removeEventListener('abort', abort);
      void worker.terminate();
    }
    worker.on('message', (m: DetectMessage) => {
      if (m.type === 'ready') {
        rules = m.rules;
        fields = m.fields;
      } else if (m.type === 'progress') ctx?.progress('Running detection rules', m.done, m.total);
      else if (m.type === 'done') {
        finish();
        resolve({ kind: 'done', run: { result: m.result, errors: m.errors, lastSeq: m.lastSeq } });
      } else {
        finish();
        reject(new Error(m.message));
      }
    });
    worker.on('error', (err) => {
      finish();
      reject(err);
    });
  });
}
