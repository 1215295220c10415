import { describe, expect, it } from 'vitest';
import { buildApplicationMenu, type MenuItemTemplate } from '../../electron/window/buildApplicationMenu';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../shared/contentSecurityPolicy';
import { denyPermissionRequests } from '../../electron/window/denyPermissionRequests';
import { enforceSingleInstance } from '../../electron/window/enforceSingleInstance';
import { createMainWindow, type MainWindowOptions } from '../../electron/window/createMainWindow';
import { isTrustedSender } from '../../electron/ipc/isTrustedSender';
import { restrictNavigation } from '../../electron/window/restrictNavigation';
import type { MenuCommand } from '../../shared/preload';

const items = (menu: MenuItemTemplate[]) => menu.flatMap((m) => m.submenu ?? []);

describe('window security settings', () => {
  it('isolates, sandboxes, keeps Node out of the renderer and loads the bundle from app://', async () => {
    const created: MainWindowOptions[] = [];
    const loaded: string[] = [];
    class FakeWindow {
      webContents = {};
      constructor(options: MainWindowOptions) {
        created.push(options);
      }
      once() {}
      show() {}
      async loadURL(url: string) {
        loaded.push(url);
      }
    }
    await createMainWindow(FakeWindow, '/app/preload.cjs', {}).loaded;
    await createMainWindow(FakeWindow, '/app/preload.cjs', { devServerUrl: 'http://localhost:5173' }).loaded;
    expect(created[0].webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    });
    expect(loaded).toEqual(['app://signtrail/index.html', 'http://localhost:5173']);
  });

  it('uses the strict CSP: self only, no objects, no base, no framing, inline styles alone', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    const dev = devContentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("object-src 'none'");
  });

  it('refuses navigation away from app://signtrail/, redirects, webviews and new windows', () => {
    type Listener = (event: { preventDefault(): void; url?: string }, url: string) => void;
    const listeners = new Map<string, Listener>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const refused: string[] = [];
    const trusted = { appBundleUrl: 'app://signtrail/', devServerOrigin: null };
    restrictNavigation(
      {
        on: (event: string, listener: Listener) => void listeners.set(event, listener),
        setWindowOpenHandler: (handler) => void (openHandler = handler),
      } as Parameters<typeof restrictNavigation>[0],
      { isAppPage: (url) => isTrustedSender(url, trusted), onRefused: (url) => refused.push(url) },
    );
    const prevented = (event: string, url: string) => {
      let stopped = false;
      listeners.get(event)!({ preventDefault: () => (stopped = true), url }, url);
      return stopped;
    };
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of [
        'https://example.com/',
        'file:///opt/SignTrail/resources/app.asar/dist/index.html',
        'file:///etc/passwd',
        'app://other/index.html',
        'app://signtrail.evil/index.html',
        'javascript:alert(1)',
      ]) {
        expect(prevented(event, url), `${event} ${url}`).toBe(true);
      }
      expect(prevented(event, 'app://signtrail/index.html'), event).toBe(false);
    }
    expect(prevented('will-attach-webview', 'app://signtrail/index.html')).toBe(true);
    expect(openHandler!({ url: 'https://example.com/popup' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'app://signtrail/index.html' })).toEqual({ action: 'deny' });
    expect(refused).toContain('https://example.com/popup');
    expect(refused).toContain('file:///etc/passwd');
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    denyPermissionRequests({
      setPermissionRequestHandler: (handler) => handler({}, 'media', (granted) => answers.push(granted)),
      setPermissionCheckHandler: (handler) => answers.push(handler({}, 'clipboard-read')),
    });
    expect(answers).toEqual([false, false]);
  });

  it('quits a second instance and focuses the first', () => {
    let quit = false;
    const second = enforceSingleInstance(
      { requestSingleInstanceLock: () => false, quit: () => (quit = true), on: () => {} },
      () => {},
    );
    expect([second, quit]).toEqual([false, true]);
    let focus: (() => void) | null = null;
    let focused = false;
    const first = enforceSingleInstance(
      { requestSingleInstanceLock: () => true, quit: () => {}, on: (_e, l) => (focus = l) },
      () => (focused = true),
    );
    focus!();
    expect([first, focused]).toEqual([true, true]);
  });

  it('has New case, Open case, Import, Export, Verify and Quit, each sending its command', () => {
    const sent: MenuCommand[] = [];
    const menu = buildApplicationMenu((c) => sent.push(c), 'linux');
    const file = items(menu);
    expect(file.filter((i) => i.label).map((i) => i.label)).toEqual([
      'New case',
      'Open case…',
      'Import…',
      'Export…',
      'Verify',
      'Quit',
    ]);
    file.forEach((i) => i.click?.());
    expect(sent).toEqual(['case.new', 'case.open', 'import', 'export', 'verify']);
    expect(file.find((i) => i.label === 'Quit')?.role).toBe('quit');
    expect(buildApplicationMenu(() => {}, 'darwin')[0].role).toBe('appMenu');
  });
});
