import { describe, expect, it } from 'vitest';
import { channels, type ProgressEvent } from '../../shared/channels';
import { registerChannels, type IpcMainLike, type InvokeEventLike } from '../../electron/ipc/registerChannels';
import type { ShellHandlers } from '../../electron/service/dispatch';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { createFakeService } from './fakeService';

const appBundleUrl = 'app://signtrail/';
const fromApp: InvokeEventLike = { senderFrame: { url: `${appBundleUrl}index.html` } };

function setup() {
  const handlers = new Map<string, (event: InvokeEventLike, args: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const service = createFakeService();
  const progress: ProgressEvent[] = [];
  const waiting: (() => void)[] = [];
  const jobs = createJobRegistry((event) => {
    progress.push(event);
    for (const wake of waiting.splice(0)) wake();
  });
  /** Resolves when the next progress event has been forwarded. */
  const nextProgress = () => new Promise<void>((resolve) => waiting.push(resolve));
  const unregister = registerChannels(ipcMain, {
    service: () => service,
    jobs,
    host: 'desktop',
    // A shell that answers only app.mode: the others must come back as DesktopOnlyError.
    shell: { 'app.mode': () => ({ mode: 'desktop', hasStore: true }) } as Partial<ShellHandlers> as ShellHandlers,
    trusted: { appBundleUrl, devServerOrigin: null },
  });
  // What ipcRenderer.invoke does: no handler, no answer.
  const invoke = (channel: string, args: unknown, event = fromApp) => {
    const handler = handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, args);
  };
  return { handlers, service, progress, nextProgress, jobs, unregister, invoke };
}

describe('registerChannels', () => {
  it('registers every channel of the map, and only those', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
  });

  it('passes parsed arguments, with defaults applied, to the service', async () => {
    const { invoke, service } = setup();
    const reply = await invoke('events.query', { limit: 5 });
    expect(reply).toEqual({ ok: true, value: { rows: [], total: 5, totalIsEstimate: false } });
    expect(service.calls[0]).toEqual({
      channel: 'events.query',
      args: { filter: {}, sort: { field: 'timestamp', dir: 'asc' }, offset: 0, limit: 5 },
    });
  });

  it('rejects invalid arguments with an error naming the field, before the service sees them', async () => {
    const { invoke, service } = setup();
    const reply = (await invoke('events.query', { limit: -1 })) as { ok: boolean; error: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^events\.query: invalid argument limit: /);
    const extra = (await invoke('events.get', { seq: 1, drop: 'table' })) as { ok: boolean; error: string };
    expect(extra.error).toMatch(/drop/);
    expect(service.calls).toHaveLength(0);
  });

  it('rejects a channel that is not in the map', async () => {
    const { invoke } = setup();
    await expect(invoke('fs.readFile', { path: '/etc/passwd' })).rejects.toThrow(/No handler/);
  });

  it('rejects a sender from another origin, and one with no frame', async () => {
    const { invoke, service } = setup();
    const remote = (await invoke('store.info', {}, { senderFrame: { url: 'https://evil.example/' } })) as {
      ok: boolean;
      error: string;
    };
    expect(remote).toMatchObject({ ok: false, code: 'UntrustedSenderError' });
    expect(remote.error).toContain('https://evil.example');
    const outside = await invoke('store.info', {}, { senderFrame: { url: 'file:///home/user/Downloads/page.html' } });
    expect(outside).toMatchObject({ ok: false, code: 'UntrustedSenderError' });
    expect(await invoke('store.info', {}, { senderFrame: null })).toMatchObject({ ok: false });
    expect(await invoke('store.info', {}, { senderFrame: { url: 'not a url' } })).toMatchObject({
      ok: false,
      code: 'UntrustedSenderError',
    });
    expect(service.calls).toHaveLength(0);
  });

  it('returns service errors as their message and name', async () => {
    const { invoke } = setup();
    expect(await invoke('events.get', { seq: 3 })).toEqual({
      ok: false,
      error: 'Bad search: unbalanced quote at column 3.',
      code: 'SearchSyntaxError',
    });
  });

  it('answers job.cancel itself: a running job is aborted and its progress was forwarded', async () => {
    const { invoke, progress, nextProgress, service } = setup();
    const forwarded = nextProgress();
    const verify = invoke('verify.run', { jobId: 'v1' });
    await forwarded;
    expect(progress).toEqual([{ jobId: 'v1', phase: 'Verifying', done: 1, total: 10 }]);
    expect(await invoke('job.cancel', { jobId: 'v1' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await verify).toEqual({ ok: false, error: 'Verification cancelled.', code: 'Error' });
    expect(await invoke('job.cancel', { jobId: 'v1' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(service.calls.map((c) => c.channel)).toEqual(['verify.run']);
  });

  it('sends desktop-only channels to the app handlers and refuses those it lacks', async () => {
    const { invoke } = setup();
    expect(await invoke('app.mode', {})).toEqual({ ok: true, value: { mode: 'desktop', hasStore: true } });
    expect(await invoke('case.recent', {})).toMatchObject({ ok: false, code: 'DesktopOnlyError' });
  });

  it('removes every handler when unregistered', () => {
    const { handlers, unregister } = setup();
    unregister();
    expect(handlers.size).toBe(0);
  });
});
