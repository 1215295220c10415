// One path for every request: the desktop app's IPC, browser mode's HTTP and the command line
// all hand a call to the same dispatcher in electron/service/dispatch.ts, each naming its host.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { registerChannels, type InvokeEventLike } from '../../electron/ipc/registerChannels';
import { startServer } from '../../electron/serve/startServer';
import * as dispatchModule from '../../electron/service/dispatch';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { createService } from '../../electron/service/service';
import { createFakeService } from '../ipc/fakeService';
import { tempDir } from '../helpers/tmp';

vi.mock('../../electron/service/dispatch', async (importOriginal) => {
  const real = await importOriginal<typeof dispatchModule>();
  return { ...real, dispatch: vi.fn(real.dispatch) };
});
const dispatch = vi.mocked(dispatchModule.dispatch);
const QUERY = { limit: 3 };

afterEach(() => dispatch.mockClear());

describe('the three doors', () => {
  it('IPC: the desktop window reaches the dispatcher as the desktop host', async () => {
    const handlers = new Map<string, (event: InvokeEventLike, args: unknown) => Promise<unknown>>();
    const appBundleUrl = 'app://signtrail/';
    registerChannels(
      { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) },
      {
        service: () => createFakeService(),
        jobs: createJobRegistry(),
        host: 'desktop',
        shell: {} as dispatchModule.ShellHandlers,
        trusted: { appBundleUrl, devServerOrigin: null },
      },
    );
    const reply = await handlers.get('events.query')!({ senderFrame: { url: `${appBundleUrl}index.html` } }, QUERY);
    expect(reply).toMatchObject({ ok: true, value: { total: 3 } });
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch.mock.calls[0][0]).toBe('events.query');
    expect(dispatch.mock.calls[0][1]).toEqual(QUERY);
    expect(dispatch.mock.calls[0][2]).toMatchObject({ host: 'desktop' });
  });

  it('HTTP: browser mode reaches the dispatcher as the browser host', async () => {
    const server = await startServer({ service: createFakeService(), staticDir: null });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/events.query`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(QUERY),
      });
      expect(await response.json()).toMatchObject({ ok: true, value: { total: 3 } });
    } finally {
      await server.close();
    }
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch.mock.calls[0].slice(0, 2)).toEqual(['events.query', QUERY]);
    expect(dispatch.mock.calls[0][2]).toMatchObject({ host: 'browser' });
  });

  it('CLI: a command reaches the dispatcher as the command-line host', async () => {
    const dir = tempDir();
    process.env.SIGNTRAIL_HOME = path.join(dir, 'home');
    const store = path.join(dir, 'case.sqlite');
    createService({ storePath: store }).close();
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), progress: () => {} };
    expect(await runCli(['query', '--store', store, '--limit', '3', '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ rows: [], total: 0 });
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch.mock.calls[0][0]).toBe('events.query');
    expect(dispatch.mock.calls[0][1]).toMatchObject({ limit: 3, offset: 0 });
    expect(dispatch.mock.calls[0][2]).toMatchObject({ host: 'cli' });
  });
});
