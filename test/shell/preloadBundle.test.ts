// The BUILT preload, run the way a sandboxed renderer runs it (CommonJS, only `electron` to
// require): it exposes invoke/onProgress/onMenu for the channel map and nothing else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignTrailApi } from '../../shared/preload';
// @ts-expect-error plain JS build script without types
import { buildNode } from '../../scripts/build-node.js';

let tmp: string;
let exposed: Record<string, SignTrailApi>;
const invoked: { channel: string; args: unknown }[] = [];
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-preload-'));
  await buildNode({ outDir: tmp, quiet: true });
  exposed = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: SignTrailApi) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, args: unknown) => {
        invoked.push({ channel, args });
        return channel === 'store.info'
          ? { ok: true, value: { eventCount: 1 } }
          : { ok: false, error: 'events.get: invalid argument seq: expected number', code: 'InvalidArgumentsError' };
      },
      on: (event: string, l: (event: unknown, payload: unknown) => void) =>
        listeners.set(event, [...(listeners.get(event) ?? []), l]),
      removeListener: (event: string, l: unknown) =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((x) => x !== l),
        ),
    },
    webUtils: { getPathForFile: () => '/home/me/audit.csv' },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`A sandboxed preload cannot require "${name}".`);
  };
  const code = fs.readFileSync(path.join(tmp, 'preload.cjs'), 'utf8');
  vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {}, console });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const emit = (event: string, payload: unknown) => (listeners.get(event) ?? []).forEach((l) => l({}, payload));

describe('the built preload', () => {
  it('exposes only window.signtrail with invoke, onProgress, onMenu and pathForFile', () => {
    expect(Object.keys(exposed)).toEqual(['signtrail']);
    expect(Object.keys(exposed.signtrail).sort()).toEqual(['invoke', 'onMenu', 'onProgress', 'pathForFile']);
  });

  it('unwraps a value, and rejects with the service sentence and its name', async () => {
    expect(await exposed.signtrail.invoke('store.info', {})).toEqual({ eventCount: 1 });
    await expect(exposed.signtrail.invoke('events.get', { seq: 0 })).rejects.toMatchObject({
      message: 'events.get: invalid argument seq: expected number',
      name: 'InvalidArgumentsError',
    });
  });

  it('refuses a channel outside the map without sending it', async () => {
    const before = invoked.length;
    await expect(exposed.signtrail.invoke('shell.openExternal' as 'store.info', {})).rejects.toThrow(
      /Unknown channel "shell\.openExternal"/,
    );
    expect(invoked.length).toBe(before);
  });

  it('delivers progress and menu commands until unsubscribed, ignoring malformed ones', () => {
    const progress: unknown[] = [];
    const menu: unknown[] = [];
    const stopProgress = exposed.signtrail.onProgress((e) => progress.push(e));
    exposed.signtrail.onMenu((c) => menu.push(c));
    emit('signtrail:progress', { jobId: 'j', phase: 'Importing', done: 1, total: null });
    emit('signtrail:progress', 'junk');
    emit('signtrail:menu', 'verify');
    emit('signtrail:menu', 'rm -rf');
    stopProgress();
    emit('signtrail:progress', { jobId: 'j', phase: 'Importing', done: 2, total: null });
    expect(progress).toEqual([{ jobId: 'j', phase: 'Importing', done: 1, total: null }]);
    expect(menu).toEqual(['verify']);
  });
});
