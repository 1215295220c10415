import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createWorkerService, type WorkerLike } from '../../electron/service/host/workerService';
import type { FromWorker, ToWorker } from '../../electron/service/host/protocol';

/** A worker stand-in: records what main posts; the test answers as the worker would. */
function fakeWorker() {
  const events = new EventEmitter();
  const posted: ToWorker[] = [];
  const worker = {
    postMessage: (m: ToWorker) => void posted.push(m),
    on: (event: string, listener: (...args: unknown[]) => void) => void events.on(event, listener),
    terminate: async () => 0,
  } as unknown as WorkerLike;
  return {
    worker,
    posted,
    reply: (m: FromWorker) => events.emit('message', m),
    emit: (e: string, v: unknown) => events.emit(e, v),
  };
}

const ctx = (controller = new AbortController(), progress: unknown[] = []) => ({
  signal: controller.signal,
  progress: (phase: string, done: number, total: number | null) => progress.push({ phase, done, total }),
});

describe('service worker client', () => {
  it('sends a call to the worker, forwards its progress and resolves with its result', async () => {
    const { worker, posted, reply } = fakeWorker();
    const progress: unknown[] = [];
    const service = createWorkerService(worker);
    const result = service.invoke('store.info', {}, ctx(undefined, progress));
    expect(posted).toEqual([{ type: 'invoke', id: 1, channel: 'store.info', args: {} }]);
    reply({ type: 'progress', id: 1, phase: 'Reading', done: 1, total: 2 });
    reply({ type: 'result', id: 1, value: { eventCount: 3 } });
    expect(await result).toEqual({ eventCount: 3 });
    expect(progress).toEqual([{ phase: 'Reading', done: 1, total: 2 }]);
  });

  it('posts a cancel message when the job is aborted, and rejects with the worker error', async () => {
    const { worker, posted, reply } = fakeWorker();
    const controller = new AbortController();
    const result = createWorkerService(worker).invoke(
      'verify.run',
      { checkpoints: [], roots: [], trustedKeys: [] },
      ctx(controller),
    );
    controller.abort();
    expect(posted[1]).toEqual({ type: 'cancel', id: 1 });
    reply({ type: 'error', id: 1, message: 'Verification was cancelled.', name: 'VerifyCancelledError' });
    await expect(result).rejects.toMatchObject({
      message: 'Verification was cancelled.',
      name: 'VerifyCancelledError',
    });
  });

  it('fails pending and later calls with a sentence when the worker dies', async () => {
    const { worker, emit } = fakeWorker();
    const service = createWorkerService(worker);
    const pending = service.invoke('store.info', {}, ctx());
    emit('exit', 1);
    await expect(pending).rejects.toThrow('The service worker stopped (exit code 1). Reopen the case to continue.');
    await expect(service.invoke('store.info', {}, ctx())).rejects.toThrow(/stopped/);
  });
});
