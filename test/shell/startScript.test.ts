// `npm start` (scripts/start.js), run as a real process: where no Electron binary exists it says
// so in one line and falls back to browser mode on the demo case in the SignTrail home, served on
// 127.0.0.1 with a session token.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS script without types
import { desktopShellStatus } from '../../scripts/desktop-shell-status.js';
// @ts-expect-error plain JS script without types
import { findElectron } from '../../scripts/start.js';

const root = path.resolve(__dirname, '../..');
const found = findElectron() as { binary?: string; reason?: string };
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-start-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('npm start', () => {
  // Which of the two holds depends on whether Electron's binary was downloaded on this machine;
  // the other is skipped, and the skip is listed at the end of the run.
  it.skipIf(!found.binary)('finds the Electron binary (skipped: no Electron binary on this machine)', () => {
    expect(fs.existsSync(found.binary!)).toBe(true);
    expect(found.reason).toBeUndefined();
  });

  it.skipIf(found.binary)('names, in one line, why there is no Electron binary (skipped: one exists)', () => {
    expect(found.binary).toBeUndefined();
    expect(found.reason).toMatch(/^[^\n]+$/);
  });

  it('tells CI in one visible line that the desktop shell did not run, and why', () => {
    expect(desktopShellStatus({ reason: 'the electron package is not installed' })).toMatch(
      /^NOT RUN: the desktop shell \(Electron\): no Electron binary on this machine \(the electron package is not installed\); e2e\/electron\.spec\.ts was skipped\./,
    );
    expect(desktopShellStatus({ binary: '/opt/electron/electron' })).toBeNull();
  });

  it.skipIf(Boolean(found.binary))(
    'without an Electron binary, says so and serves browser mode on the demo case (skipped where Electron is installed: it would open the app)',
    async () => {
      const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
        cwd: root,
        env: { ...process.env, SIGNTRAIL_HOME: home, ELECTRON_RUN_AS_NODE: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const match = /SignTrail is serving (.+) at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
            if (match) resolve(match[2]);
          });
          child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${out}\n${err}`)));
        });
        // Build messages may come first (npm start builds what is stale); then the one line.
        const lines = out.split('\n').filter((line) => line.startsWith('SignTrail: no Electron'));
        expect(lines).toEqual([`SignTrail: no Electron binary (${found.reason}); starting browser mode instead.`]);
        expect(out).toContain(`SignTrail is serving ${path.join(home, 'demo.sqlite')} at`);
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="root">');
        const token = new URL(url).searchParams.get('token')!;
        const mode = await fetch(new URL('/api/app.mode', url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        expect(await mode.json()).toEqual({ ok: true, value: { mode: 'browser', hasStore: true } });
        const info = await fetch(new URL('/api/store.info', url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        expect(((await info.json()) as { value: { eventCount: number } }).value.eventCount).toBe(20000);
      } finally {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
    300_000,
  );
});
