import { describe, expect, it } from 'vitest';
import { buildApplicationMenu, type MenuItemTemplate } from '../../electron/window/buildApplicationMenu';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../shared/contentSecurityPolicy';
import { denyPermissionRequests } from '../../electron/window/denyPermissionRequests';
import { enforceSingleInstance } from '../../electron/window/enforceSingleInstance';
import { mainWindowOptions } from '../../electron/window/mainWindowOptions';
import { restrictNavigation } from '../../electron/window/restrictNavigation';
import type { MenuCommand } from '../../shared/preload';

const items = (menu: MenuItemTemplate[]) => menu.flatMap((m) => m.submenu ?? []);

describe('window security settings', () => {
  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    expect(mainWindowOptions('/app/preload.cjs').webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('uses the strict CSP: self only, no objects, no base, no framing, inline styles alone', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    const dev = devContentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("object-src 'none'");
  });

  it('refuses navigation, redirects, webviews and new windows', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const refused: string[] = [];
    restrictNavigation(
      {
        on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) =>
          void listeners.set(event, listener),
        setWindowOpenHandler: (handler) => void (openHandler = handler),
      } as Parameters<typeof restrictNavigation>[0],
      (url) => refused.push(url),
    );
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(event)!({ preventDefault: () => (prevented = true) }, 'https://example.com/');
      expect(prevented, event).toBe(true);
    }
    expect(openHandler!({ url: 'https://example.com/popup' })).toEqual({ action: 'deny' });
    expect(refused).toContain('https://example.com/popup');
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
