// The Electron main process, read as a table of contents: each line one concern, each concern
// one small module under window/, ipc/ and jobs/. The service itself runs in a worker thread.
import { app, BrowserWindow, Menu, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isTrustedSender } from './ipc/isTrustedSender';
import { registerChannels } from './ipc/registerChannels';
import { createJobRegistry } from './service/jobRegistry';
import { createWorkerService, type WorkerLike } from './service/host/workerService';
import { GRANT_DROPPED, PUSH_EVENTS } from '../shared/preload';
import { createDesktopHandlers } from './desktop/handlers';
import { APP_ORIGIN_URL, handleAppProtocol, registerAppScheme } from './window/appProtocol';
import { buildApplicationMenu } from './window/buildApplicationMenu';
import { createCaseSession } from './desktop/caseSession';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../shared/contentSecurityPolicy';
import { applyContentSecurityPolicy } from './window/contentSecurityPolicy';
import { createMainWindow } from './window/createMainWindow';
import { denyPermissionRequests } from './window/denyPermissionRequests';
import { enforceSingleInstance } from './window/enforceSingleInstance';
import { createNativeDialogs } from './window/nativeDialogs';
import { acceptDroppedPaths, createDesktopGuard, createPathGrants } from './desktop/pathGrants';
import { chooseKeyProtection, KeyProtectionDeclined } from './desktop/keyProtection';
import { createKeyProtectionUi, PROMPT_FILES } from './window/passphrasePrompt';
import { restrictNavigation } from './window/restrictNavigation';
import { createSafeStorageSealer, type KeySealer } from './desktop/safeStorageSealer';
import type { ServiceWorkerData } from './service/host/protocol';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist-electron/
const rendererDir = path.join(here, '..', 'dist');
// The workers stay inside the asar, covered by its integrity check (Electron loads worker scripts
// from an asar since 17); only better-sqlite3's native addon is unpacked (build/electron-builder.yml).
const workerPath = path.join(here, 'serviceWorker.js');
const devServerUrl = app.isPackaged ? null : (process.env.VITE_DEV_SERVER_URL ?? null);
const policy = devServerUrl ? devContentSecurityPolicy(devServerUrl) : CONTENT_SECURITY_POLICY;
const trusted = { appBundleUrl: APP_ORIGIN_URL, devServerOrigin: devServerUrl };

interface WindowHandle {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  webContents: { send(event: string, payload: unknown): void };
}
let mainWindow: WindowHandle | null = null;

function sendToWindow(event: string, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(event, payload);
}

function focusWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  const userData: string = app.getPath('userData');
  denyPermissionRequests(session.defaultSession);
  applyContentSecurityPolicy(session.defaultSession, policy);
  handleAppProtocol(protocol, rendererDir, policy, PROMPT_FILES);
  app.on('web-contents-created', (_event: unknown, contents: Parameters<typeof restrictNavigation>[0]) =>
    restrictNavigation(contents, { isAppPage: (url) => isTrustedSender(url, trusted) }),
  );

  // The signing key: sealed by the OS keystore, or, where there is none, as the user chooses.
  const keyUi = createKeyProtectionUi(dialog, BrowserWindow, ipcMain, path.join(here, 'passphrasePreload.cjs'));
  let sealer: KeySealer | null;
  try {
    sealer = await chooseKeyProtection(userData, createSafeStorageSealer(safeStorage), keyUi);
  } catch (err) {
    if (!(err instanceof KeyProtectionDeclined)) throw err;
    console.log(`SignTrail: ${err.message}`);
    app.quit();
    return;
  }
  const workerData: ServiceWorkerData = { home: userData, sealerKind: sealer?.kind ?? null };
  const jobs = createJobRegistry((event) => sendToWindow(PUSH_EVENTS.progress, event));
  const cases = createCaseSession({
    startWorker: () => createWorkerService(new Worker(workerPath, { workerData }) as unknown as WorkerLike, sealer),
    settingsFile: path.join(userData, 'settings.json'),
    casesDir: path.join(userData, 'cases'),
    warn: (message) => console.warn(message),
  });
  const grants = createPathGrants(() => cases.recent());
  ipcMain.on(GRANT_DROPPED, acceptDroppedPaths(grants, trusted));
  const dialogs = createNativeDialogs(dialog, () => mainWindow);
  registerChannels(ipcMain, {
    service: () => cases.service(),
    jobs,
    host: 'desktop',
    shell: createDesktopHandlers(dialogs, cases, grants, { openPath: (file) => shell.openPath(file) }),
    guard: createDesktopGuard(grants, dialogs.confirm),
    trusted,
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildApplicationMenu((command) => sendToWindow(PUSH_EVENTS.menu, command))),
  );
  app.on('before-quit', () => {
    jobs.cancelAll();
    void cases.close();
  });

  const { window, loaded } = createMainWindow(BrowserWindow, path.join(here, 'preload.cjs'), { devServerUrl });
  mainWindow = window as unknown as WindowHandle;
  await loaded;
}

// Before ready: app:// is a privileged (standard, secure) scheme for the renderer.
registerAppScheme(protocol);

// Tests (e2e/electron.spec.ts) point an unpackaged app at a scratch profile; never the installed one.
if (!app.isPackaged && process.env.SIGNTRAIL_USER_DATA) app.setPath('userData', process.env.SIGNTRAIL_USER_DATA);

if (enforceSingleInstance(app, focusWindow)) {
  // Not while the passphrase prompt is the only window: closing it answers Cancel, which quits.
  app.on('window-all-closed', () => mainWindow && app.quit());
  app.whenReady().then(start, (err: Error) => {
    dialog.showErrorBox('SignTrail could not start', err.message);
    app.quit();
  });
}
