import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/channels';
import { createJobRegistry } from '../../electron/service/jobRegistry';

const untilAborted = (signal: AbortSignal) =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

describe('job registry', () => {
  it('forwards progress with the job ID the client chose', async () => {
    const events: ProgressEvent[] = [];
    const jobs = createJobRegistry((e) => events.push(e));
    await jobs.start('import-1', async (ctx) => {
      ctx.progress('Importing', 10, 100);
      ctx.progress('Importing', 100, 100);
    });
    expect(events).toEqual([
      { jobId: 'import-1', phase: 'Importing', done: 10, total: 100 },
      { jobId: 'import-1', phase: 'Importing', done: 100, total: 100 },
    ]);
  });

  it('cancels a running job through its signal, and forgets it once settled', async () => {
    const jobs = createJobRegistry();
    const running = jobs.start('verify-1', (ctx) => untilAborted(ctx.signal));
    expect(jobs.running()).toEqual(['verify-1']);
    expect(jobs.cancel('verify-1')).toBe(true);
    await expect(running).rejects.toThrow('Job verify-1 was cancelled.');
    expect(jobs.running()).toEqual([]);
    expect(jobs.cancel('verify-1')).toBe(false);
  });

  it('stops forwarding progress once a job is cancelled', async () => {
    const events: ProgressEvent[] = [];
    const jobs = createJobRegistry((e) => events.push(e));
    const running = jobs.start('export-1', async (ctx) => {
      await untilAborted(ctx.signal).catch(() => ctx.progress('Exporting', 5, 10));
    });
    jobs.cancel('export-1');
    await running;
    expect(events).toEqual([]);
  });

  it('refuses a second job under an ID that is still running', async () => {
    const jobs = createJobRegistry();
    const first = jobs.start('same', (ctx) => untilAborted(ctx.signal));
    await expect(jobs.start('same', async () => 1)).rejects.toThrow(/already running/);
    jobs.cancelAll();
    await expect(first).rejects.toThrow(/closing/);
  });

  it('gives jobs without an ID a fresh one each', async () => {
    const ids: string[] = [];
    const jobs = createJobRegistry((e) => ids.push(e.jobId));
    await Promise.all([1, 2].map(() => jobs.start(undefined, async (ctx) => ctx.progress('x', 0, null))));
    expect(new Set(ids).size).toBe(2);
  });
});
