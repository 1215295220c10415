// The Electron main process, read as a table of contents: each line one concern, each concern
// one small module under window/, ipc/ and jobs/. The service itself runs in a worker thread.
import { app, BrowserWindow, Menu, dialog, ipcMain, safeStorage, session } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { registerChannels } from './ipc/registerChannels';
import { createJobRegistry } from './service/jobRegistry';
import { createWorkerService, type WorkerLike } from './service/host/workerService';
import { GRANT_DROPPED, PUSH_EVENTS } from '../shared/preload';
import { createDesktopHandlers } from './desktop/handlers';
import { buildApplicationMenu } from './window/buildApplicationMenu';
import { createCaseSession } from './desktop/caseSession';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../shared/contentSecurityPolicy';
import { applyContentSecurityPolicy } from './window/contentSecurityPolicy';
import { createMainWindow } from './window/createMainWindow';
import { denyPermissionRequests } from './window/denyPermissionRequests';
import { enforceSingleInstance } from './window/enforceSingleInstance';
import { createNativeDialogs } from './window/nativeDialogs';
import { acceptDroppedPaths, createDesktopGuard, createPathGrants } from './desktop/pathGrants';
import { restrictNavigation } from './window/restrictNavigation';
import { createSafeStorageSealer } from './desktop/safeStorageSealer';
import type { ServiceWorkerData } from './service/host/protocol';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist-electron/
const rendererDir = path.join(here, '..', 'dist');
// The worker and better-sqlite3 are unpacked from the asar (build/electron-builder.yml).
const workerPath = path.join(here.replace(/app\.asar(?=[/\\]|$)/, 'app.asar.unpacked'), 'serviceWorker.js');
const devServerUrl = app.isPackaged ? null : (process.env.VITE_DEV_SERVER_URL ?? null);

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
  applyContentSecurityPolicy(
    session.defaultSession,
    devServerUrl ? devContentSecurityPolicy(devServerUrl) : CONTENT_SECURITY_POLICY,
  );
  app.on('web-contents-created', (_event: unknown, contents: Parameters<typeof restrictNavigation>[0]) =>
    restrictNavigation(contents),
  );

  const sealer = createSafeStorageSealer(safeStorage);
  const workerData: ServiceWorkerData = { home: userData, sealerKind: sealer?.kind ?? null };
  const jobs = createJobRegistry((event) => sendToWindow(PUSH_EVENTS.progress, event));
  const cases = createCaseSession({
    startWorker: () => createWorkerService(new Worker(workerPath, { workerData }) as unknown as WorkerLike, sealer),
    settingsFile: path.join(userData, 'settings.json'),
    casesDir: path.join(userData, 'cases'),
    warn: (message) => console.warn(message),
  });
  const trusted = { appBundleUrl: pathToFileURL(rendererDir + path.sep).href, devServerOrigin: devServerUrl };
  const grants = createPathGrants(() => cases.recent());
  ipcMain.on(GRANT_DROPPED, acceptDroppedPaths(grants, trusted));
  const dialogs = createNativeDialogs(dialog, () => mainWindow);
  registerChannels(ipcMain, {
    service: () => cases.service(),
    jobs,
    host: 'desktop',
    shell: createDesktopHandlers(dialogs, cases, grants),
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

  const { window, loaded } = createMainWindow(BrowserWindow, path.join(here, 'preload.cjs'), {
    indexHtml: path.join(rendererDir, 'index.html'),
    devServerUrl,
  });
  mainWindow = window as unknown as WindowHandle;
  await loaded;
}

// Tests (e2e/electron.spec.ts) point an unpackaged app at a scratch profile; never the installed one.
if (!app.isPackaged && process.env.SIGNTRAIL_USER_DATA) app.setPath('userData', process.env.SIGNTRAIL_USER_DATA);

if (enforceSingleInstance(app, focusWindow)) {
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (err: Error) => {
    dialog.showErrorBox('SignTrail could not start', err.message);
    app.quit();
  });
}
