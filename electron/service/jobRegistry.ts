// Long jobs (import, verify, export): one AbortController each, progress forwarded to one
// listener, cancellable by the ID the client chose. 'job.cancel' is answered here.
import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from '../../shared/channels';
import type { JobContext } from '../../shared/handlers';

export interface JobRegistry {
  /** Runs `fn` as job `jobId` (a fresh ID when the client gave none) until it settles. */
  start<T>(jobId: string | undefined, fn: (ctx: JobContext) => Promise<T>): Promise<T>;
  /** Aborts a running job; false when no job has that ID (it finished or never started). */
  cancel(jobId: string): boolean;
  /** IDs of the jobs still running. */
  running(): string[];
  /** Aborts every running job (window closed, server stopped). */
  cancelAll(): void;
}

export function createJobRegistry(onProgress: (event: ProgressEvent) => void = () => {}): JobRegistry {
  const jobs = new Map<string, AbortController>();

  return {
    async start(jobId, fn) {
      const id = jobId ?? randomUUID();
      // A second job under a running ID would make cancel ambiguous.
      if (jobs.has(id)) throw new Error(`A job with ID "${id}" is already running; wait for it or cancel it first.`);
      const controller = new AbortController();
      jobs.set(id, controller);
      const ctx: JobContext = {
        signal: controller.signal,
        progress: (phase, done, total) => {
          if (!controller.signal.aborted) onProgress({ jobId: id, phase, done, total });
        },
      };
      try {
        return await fn(ctx);
      } finally {
        jobs.delete(id);
      }
    },
    cancel(jobId) {
      const controller = jobs.get(jobId);
      if (!controller) return false;
      controller.abort(new Error(`Job ${jobId} was cancelled.`));
      return true;
    },
    running: () => [...jobs.keys()],
    cancelAll() {
      for (const controller of jobs.values()) controller.abort(new Error('The app is closing.'));
    },
  };
}
