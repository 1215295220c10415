// The BUILT main bundle, run in plain Node against a stand-in `electron` module: it must register
// every channel of the map, create its one window with the security settings, and answer IPC
// through the service worker it starts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { channels } from '../../shared/channels';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
// @ts-expect-error plain JS build script without types
import { buildNode } from '../../scripts/build-node.js';

const root = path.resolve(__dirname, '../..');
let tmp: string;

/** A folder laid out like the packaged app: dist-electron/, dist/ and node_modules/electron. */
async function stageApp(): Promise<string> {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-main-bundle-'));
  await buildNode({ outDir: path.join(app, 'dist-electron'), quiet: true });
  fs.mkdirSync(path.join(app, 'dist'));
  fs.writeFileSync(path.join(app, 'dist', 'index.html'), '<!doctype html>');
  const fake = path.join(app, 'node_modules', 'electron');
  fs.mkdirSync(fake, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'fake-electron', 'index.mjs'), path.join(fake, 'index.mjs'));
  fs.writeFileSync(
    path.join(fake, 'package.json'),
    JSON.stringify({ name: 'electron', type: 'module', main: 'index.mjs' }),
  );
  fs.symlinkSync(
    path.join(root, 'node_modules', 'better-sqlite3'),
    path.join(app, 'node_modules', 'better-sqlite3'),
    'dir',
  );
  return app;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function runMain(scenario: string): any {
  const userData = fs.mkdtempSync(path.join(tmp, 'user-data-'));
  const reportFile = path.join(userData, 'report.json');
  const run = spawnSync(process.execPath, [path.join(tmp, 'dist-electron', 'main.js')], {
    env: {
      ...process.env,
      FAKE_ELECTRON_USER_DATA: userData,
      FAKE_ELECTRON_REPORT: reportFile,
      FAKE_ELECTRON_SCENARIO: scenario,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (!fs.existsSync(reportFile)) throw new Error(`main.js wrote no report (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(fs.readFileSync(reportFile, 'utf8'));
}

beforeAll(async () => {
  tmp = await stageApp();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the built main bundle', () => {
  it('registers every channel of the map exactly once', () => {
    const report = runMain('basic');
    expect(report.errors).toEqual([]);
    expect([...report.handled].sort()).toEqual(Object.keys(channels).sort());
    expect(report.singleInstanceLockRequested).toBe(true);
  });

  it('creates one window with context isolation, sandbox, no Node integration and web security', () => {
    const report = runMain('basic');
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(tmp, 'dist-electron', 'preload.cjs'),
    });
    expect(report.loaded).toEqual([path.join(tmp, 'dist', 'index.html')]);
  });

  it('applies the CSP, denies permissions, navigation, new windows and webviews', () => {
    const report = runMain('basic');
    expect(report.cspHeader).toEqual([CONTENT_SECURITY_POLICY]);
    expect(report.permissionGranted).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.navigationPrevented).toBe(true);
    expect(report.webviewPrevented).toBe(true);
    expect(report.windowOpen).toEqual({ action: 'deny' });
  });

  it('has a menu with New case, Open case, Import, Export, Verify and Quit, sending commands to the window', () => {
    const report = runMain('basic');
    const labels = report.menu
      .flatMap((m: { submenu?: { label?: string }[] }) => m.submenu ?? [])
      .map((i: { label?: string }) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['New case', 'Open case…', 'Import…', 'Export…', 'Verify', 'Quit']));
    expect(report.sent).toContainEqual({ event: 'signtrail:menu', payload: 'verify' });
  });

  it('answers IPC: refuses other origins and bad arguments, and says when no case is open', () => {
    const report = runMain('basic');
    expect(report.calls.modeBefore).toEqual({ ok: true, value: { mode: 'desktop', hasStore: false } });
    expect(report.calls.untrusted).toMatchObject({ ok: false, code: 'UntrustedSenderError' });
    expect(report.calls.invalid.error).toMatch(/^events\.query: invalid argument limit/);
    expect(report.calls.noCase.error).toMatch(/No case is open/);
  });

  it('opens the demo case in the service worker, with the key sealed by safeStorage, and streams progress', () => {
    const report = runMain('demo');
    expect(report.errors).toEqual([]);
    expect(report.calls.demo).toMatchObject({ ok: true, value: { eventCount: 6000 } });
    expect(report.calls.query.value.rows).toHaveLength(5);
    expect(report.calls.query.value.total).toBe(6000);
    expect(report.calls.verify).toMatchObject({ ok: true, value: { ok: true, eventsChecked: 6000 } });
    const progress = report.sent.filter((s: { event: string }) => s.event === 'signtrail:progress');
    expect(progress[0].payload).toMatchObject({ phase: 'Generating the demo case', done: 5000, total: 6000 });
    expect(report.calls.recent.value).toEqual([report.calls.demo.value.path]);
    expect(report.calls.modeAfter.value).toEqual({ mode: 'desktop', hasStore: true });
    expect(report.keyFile).toBe('electron-safeStorage');
  });

  it('takes a path only when the user chose it in a dialog or dropped it on the window', () => {
    const report = runMain('paths');
    expect(report.errors).toEqual([]);
    const refused = { ok: false, code: 'UngrantedPathError' };
    expect(report.calls.ungranted).toMatchObject(refused);
    expect(report.calls.ungranted.error).toMatch(/chosen\.csv" was not chosen in a dialog or dropped on the window/);
    expect(report.calls.chosen).toMatchObject({ ok: true, value: [{ appended: 1, rejected: null }] });
    expect(report.calls.dropFromElsewhere).toBe(false);
    expect(report.calls.other).toMatchObject(refused);
    expect(report.calls.drop).toBe(true);
    expect(report.calls.dropped).toMatchObject({ ok: true, value: [{ appended: 1 }] });
    expect(report.calls.exportUngranted).toMatchObject(refused);
    expect(report.calls.openUngranted).toMatchObject(refused);
  });
});
