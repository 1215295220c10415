// The BUILT main bundle, run in plain Node against a stand-in `electron` module: it must register
// every channel of the map, create its one window with the security settings, serve the renderer
// from app:// (and nothing outside it), and answer IPC through the service worker it starts. The
// app is staged as it is packaged, under resources/app.asar/, with no app.asar.unpacked beside it:
// the service worker must load from inside the asar.
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
let staging: string;
let tmp: string;

/** A folder laid out like the packaged app, resources/app.asar/: dist-electron/, dist/ and node_modules/electron. */
async function stageApp(): Promise<string> {
  staging = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-main-bundle-'));
  const app = path.join(staging, 'resources', 'app.asar');
  fs.mkdirSync(app, { recursive: true });
  await buildNode({ outDir: path.join(app, 'dist-electron'), quiet: true });
  fs.mkdirSync(path.join(app, 'dist'));
  fs.writeFileSync(path.join(app, 'dist', 'index.html'), '<!doctype html><title>SignTrail bundle</title>');
  // What the traversal attempts are after: a file outside the renderer folder.
  fs.writeFileSync(path.join(staging, 'resources', 'passwd'), 'root:x:0:0 TOP SECRET');
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

interface RunOptions {
  /** The app data folder Electron reports; a new one by default. */
  userData?: string;
  env?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runMain(scenario: string, options: RunOptions = {}): any {
  const userData = options.userData ?? fs.mkdtempSync(path.join(staging, 'user-data-'));
  const reportFile = path.join(fs.mkdtempSync(path.join(staging, 'report-')), 'report.json');
  const env: Record<string, string | undefined> = {
    ...process.env,
    FAKE_ELECTRON_USER_DATA: userData,
    FAKE_ELECTRON_REPORT: reportFile,
    FAKE_ELECTRON_SCENARIO: scenario,
    ...options.env,
  };
  if (!options.env?.SIGNTRAIL_USER_DATA) delete env.SIGNTRAIL_USER_DATA;
  const run = spawnSync(process.execPath, [path.join(tmp, 'dist-electron', 'main.js')], {
    env,
    encoding: 'utf8',
    timeout: 90_000,
  });
  if (!fs.existsSync(reportFile)) throw new Error(`main.js wrote no report (exit ${run.status}):\n${run.stderr}`);
  return { ...JSON.parse(fs.readFileSync(reportFile, 'utf8')), stdout: run.stdout, userData };
}

beforeAll(async () => {
  tmp = await stageApp();
});
afterAll(() => fs.rmSync(staging, { recursive: true, force: true }));

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
      disableBlinkFeatures: 'Auxclick',
      preload: path.join(tmp, 'dist-electron', 'preload.cjs'),
    });
    expect(report.loaded).toEqual(['app://signtrail/index.html']);
  });

  it('registers app:// as a privileged scheme before ready and serves the renderer from it, with the CSP', () => {
    const report = runMain('basic');
    expect(report.schemesRegisteredBeforeReady).toBe(true);
    expect(report.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) as unknown,
      }),
    ]);
    expect(report.protocolHandled).toEqual(['app']);
    const index = report.appRequests['app://signtrail/index.html'];
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
    expect(index.body).toContain('<title>SignTrail bundle</title>');
  });

  it('refuses app:// requests that climb out of the renderer folder, plain or encoded', () => {
    const report = runMain('basic');
    const attempts = Object.entries(report.appRequests as Record<string, { status: number; body: string }>).filter(
      ([url]) => url !== 'app://signtrail/index.html',
    );
    expect(attempts.map(([url]) => url)).toContain('app://x/../../etc/passwd');
    expect(attempts.length).toBeGreaterThanOrEqual(6);
    for (const [url, answer] of attempts) {
      expect(answer.status, url).toBeGreaterThanOrEqual(400);
      expect(answer.body, url).not.toMatch(/root:|TOP SECRET/);
    }
    expect(report.appRequests['app://x/../../etc/passwd'].status).toBe(403);
    expect(report.appRequests['app://signtrail/..%2F..%2Fetc%2Fpasswd'].status).toBe(403);
  });

  it('applies the CSP, denies permissions, navigation, new windows and webviews', () => {
    const report = runMain('basic');
    expect(report.cspHeader).toEqual([CONTENT_SECURITY_POLICY]);
    expect(report.permissionGranted).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.navigationPrevented).toBe(true);
    expect(report.fileNavigationPrevented).toBe(true);
    expect(report.appNavigationPrevented).toBe(false);
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

  it('opens the demo case in the service worker loaded from inside the asar, with the key sealed by safeStorage, and streams progress', () => {
    expect(fs.existsSync(path.join(staging, 'resources', 'app.asar.unpacked'))).toBe(false);
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

  it('on first start makes its app data folder, opens no case, and finds the demo case and key again at the next start', () => {
    const userData = path.join(staging, 'first-start', 'not-yet', 'SignTrail');
    const first = runMain('demo', { userData });
    expect(first.errors).toEqual([]);
    expect(first.calls.modeBefore.value).toEqual({ mode: 'desktop', hasStore: false });
    expect(first.calls.recentBefore.value).toEqual([]);
    expect(first.calls.demo).toMatchObject({ ok: true, value: { eventCount: 6000 } });
    for (const made of ['settings.json', 'signing-key.json', 'signing-key.pub', 'cases']) {
      expect(fs.existsSync(path.join(userData, made)), made).toBe(true);
    }
    const pub = fs.readFileSync(path.join(userData, 'signing-key.pub'), 'utf8');
    const second = runMain('basic', { userData });
    expect(second.errors).toEqual([]);
    expect(second.calls.recentBefore.value).toEqual([first.calls.demo.value.path]);
    expect(fs.readFileSync(path.join(userData, 'signing-key.pub'), 'utf8')).toBe(pub);
  });

  it('uses SIGNTRAIL_USER_DATA through app.setPath when unpackaged, and never when packaged', () => {
    const scratch = path.join(staging, 'scratch-profile');
    const unpackaged = runMain('demo', { env: { SIGNTRAIL_USER_DATA: scratch } });
    expect(unpackaged.setPath).toEqual([['userData', scratch]]);
    expect(unpackaged.calls.demo.value.path.startsWith(scratch + path.sep)).toBe(true);
    expect(fs.existsSync(path.join(scratch, 'signing-key.json'))).toBe(true);
    expect(fs.existsSync(path.join(unpackaged.userData, 'signing-key.json'))).toBe(false);

    const packaged = runMain('basic', { env: { SIGNTRAIL_USER_DATA: scratch, FAKE_ELECTRON_PACKAGED: '1' } });
    expect(packaged.setPath).toEqual([]);
    expect(packaged.calls.recentBefore.value).toEqual([]);
  });
});

describe('the signing key where the OS has no keystore', () => {
  const noKeystore = { FAKE_ELECTRON_KEYSTORE: 'none' };
  const keyFile = (userData: string) =>
    JSON.parse(fs.readFileSync(path.join(userData, 'signing-key.json'), 'utf8')) as {
      sealing: string;
      privateKey: string;
    };

  it('asks before keeping it in clear; on "keep", writes a 0600 file and does not ask again', () => {
    const first = runMain('demo', { env: { ...noKeystore, FAKE_ELECTRON_ANSWERS: '[1]' } });
    expect(first.errors).toEqual([]);
    expect(first.messageBoxes).toHaveLength(1);
    expect(first.messageBoxes[0].message).toMatch(/no keystore/);
    expect(first.messageBoxes[0].detail).toMatch(/in clear .*mode 0600/);
    expect(first.messageBoxes[0].buttons).toEqual(['Quit', 'Keep it in a 0600 file', 'Protect it with a passphrase']);
    expect(first.keyFile).toBe('none');
    expect(fs.statSync(path.join(first.userData, 'signing-key.json')).mode & 0o777).toBe(0o600);
    expect(first.calls.verify).toMatchObject({ ok: true, value: { ok: true } });

    const second = runMain('basic', { userData: first.userData, env: noKeystore });
    expect(second.messageBoxes).toEqual([]);
    expect(second.errors).toEqual([]);
  });

  it('on "passphrase", seals the key with the typed passphrase and asks for it at the next start', () => {
    const first = runMain('demo', {
      env: {
        ...noKeystore,
        FAKE_ELECTRON_ANSWERS: '[2]',
        FAKE_ELECTRON_PASSPHRASES: '["short","correct horse battery"]',
      },
    });
    expect(first.errors).toEqual([]);
    expect(first.prompts.map((p: { mode: string }) => p.mode)).toEqual(['new', 'new']);
    expect(first.prompts[1].problem).toMatch(/at least 10 characters/);
    for (const prompt of first.prompts) {
      expect(prompt).toMatchObject({ pageStatus: 200, scriptStatus: 200, csp: CONTENT_SECURITY_POLICY });
      expect(prompt.preload).toBe(path.join(tmp, 'dist-electron', 'passphrasePreload.cjs'));
    }
    expect(first.windows[0].webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(first.keyFile).toBe('passphrase-scrypt-aes-256-gcm');
    expect(Buffer.from(keyFile(first.userData).privateKey, 'base64').subarray(0, 5).toString()).toBe('STPK1');
    expect(first.calls.verify).toMatchObject({ ok: true, value: { ok: true } });

    // Next start: a wrong passphrase is refused and asked again; the right one opens the key.
    const second = runMain('demo', {
      userData: first.userData,
      env: { ...noKeystore, FAKE_ELECTRON_PASSPHRASES: '["not the passphrase","correct horse battery"]' },
    });
    expect(second.errors).toEqual([]);
    expect(second.messageBoxes).toEqual([]);
    expect(second.prompts.map((p: { mode: string }) => p.mode)).toEqual(['unlock', 'unlock']);
    expect(second.prompts[1].problem).toMatch(/does not open the key/);
    expect(second.calls.verify).toMatchObject({ ok: true, value: { ok: true } });

    // Cancel at the prompt: SignTrail stops without opening its window.
    const third = runMain('basic', {
      userData: first.userData,
      env: { ...noKeystore, FAKE_ELECTRON_PASSPHRASES: '[null]' },
    });
    expect(third.quit).toBe(true);
    expect(third.loaded).toEqual([]);
    expect(third.stdout).toMatch(/not unlocked/);
    // Three starts of the app, two demo cases and five scrypt derivations: slow on a busy machine.
  }, 240_000);

  it('on "Quit", stops before any window and writes no key', () => {
    const report = runMain('basic', { env: { ...noKeystore, FAKE_ELECTRON_ANSWERS: '[0]' } });
    expect(report.quit).toBe(true);
    expect(report.loaded).toEqual([]);
    expect(fs.existsSync(path.join(report.userData, 'signing-key.json'))).toBe(false);
  });
});
