// Main's side of the service worker: a Service whose calls travel to the worker thread, with
// progress coming back and cancellation going out. The window's thread only forwards.
import type { ChannelResult, ParsedArgs, ServiceChannel } from '../../../shared/channels';
import type { JobContext } from '../../../shared/handlers';
import type { Service } from '../types';
import type { KeySealer } from '../../integrity/keys';
import type { FromWorker, SealRequest, ToWorker } from './protocol';
import { answerSealRequest } from './sealerBridge';

/** The part of node:worker_threads' Worker used here. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  on(event: 'message', listener: (message: FromWorker) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
}

type Request = ToWorker extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

export interface WorkerService extends Service {
  /** Opens (or creates) the case at `storePath` in the worker, closing the one before. */
  open(storePath: string): Promise<void>;
  /** Fills a new store with demo events, then opens it. */
  createDemo(storePath: string, events: number, ctx: JobContext): Promise<void>;
  /** Stops the worker; pending calls fail with a sentence. */
  stop(): Promise<void>;
}

export function createWorkerService(worker: WorkerLike, sealer: KeySealer | null = null): WorkerService {
  let nextId = 1;
  let stopped: string | null = null;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; ctx?: JobContext }>();

  const failAll = (reason: string) => {
    stopped = reason;
    for (const call of pending.values()) call.reject(new Error(reason));
    pending.clear();
  };
  worker.on('message', (message) => {
    if ('reply' in message) return answerSealRequest(message, sealer);
    answer(message);
  });
  function answer(message: Exclude<FromWorker, SealRequest>) {
    const call = pending.get(message.id);
    if (!call) return;
    if (message.type === 'progress') return call.ctx?.progress(message.phase, message.done, message.total);
    pending.delete(message.id);
    if (message.type === 'result') call.resolve(message.value);
    else call.reject(Object.assign(new Error(message.message), { name: message.name }));
  }
  worker.on('error', (error) => failAll(`The service worker failed: ${error.message}. Reopen the case to continue.`));
  worker.on('exit', (code) => failAll(`The service worker stopped (exit code ${code}). Reopen the case to continue.`));

  function request(message: Request, ctx?: JobContext): Promise<unknown> {
    if (stopped) return Promise.reject(new Error(stopped));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (ctx?.signal.aborted) return reject(new Error('Cancelled before it started.'));
      pending.set(id, { resolve, reject, ctx });
      ctx?.signal.addEventListener('abort', () => worker.postMessage({ type: 'cancel', id }), { once: true });
      worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  return {
    invoke<C extends ServiceChannel>(channel: C, args: ParsedArgs<C>, ctx: JobContext) {
      return request({ type: 'invoke', channel, args }, ctx) as Promise<ChannelResult<C>>;
    },
    open: async (storePath) => void (await request({ type: 'open', storePath })),
    createDemo: async (storePath, events, ctx) => void (await request({ type: 'demo', storePath, events }, ctx)),
    close() {
      void this.stop();
    },
    async stop() {
      if (stopped) return;
      failAll('The case was closed.');
      await worker.terminate();
    },
  };
}
