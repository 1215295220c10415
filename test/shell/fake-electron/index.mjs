// A minimal stand-in for the `electron` module, for loading the built main bundle in plain Node.
// It records what main asks of Electron, runs a short scenario through the registered IPC
// handlers, writes a JSON report to $FAKE_ELECTRON_REPORT and exits.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const report = {
  singleInstanceLockRequested: false,
  handled: [],
  windows: [],
  loaded: [],
  menu: null,
  permissionGranted: null,
  permissionCheck: null,
  cspHeader: null,
  navigationPrevented: null,
  windowOpen: null,
  webviewPrevented: null,
  sent: [],
  calls: {},
  errors: [],
};
const handlers = new Map();
const ipcListeners = new Map();
const appListeners = new Map();
const userData = process.env.FAKE_ELECTRON_USER_DATA;

function on(map, event, listener) {
  map.set(event, [...(map.get(event) ?? []), listener]);
}
function emit(map, event, ...args) {
  (map.get(event) ?? []).forEach((listener) => listener(...args));
}

export const app = {
  isPackaged: false,
  getPath: (name) => (name === 'userData' ? userData : path.join(userData, name)),
  requestSingleInstanceLock() {
    report.singleInstanceLockRequested = true;
    return true;
  },
  on: (event, listener) => on(appListeners, event, listener),
  whenReady: () => Promise.resolve(),
  quit: () => {},
};

export const ipcMain = {
  handle(channel, listener) {
    report.handled.push(channel);
    handlers.set(channel, listener);
  },
  removeHandler: (channel) => handlers.delete(channel),
  on: (event, listener) => on(ipcListeners, event, listener),
};

function fakeWebContents() {
  const listeners = new Map();
  return {
    listeners,
    on: (event, listener) => on(listeners, event, listener),
    setWindowOpenHandler(handler) {
      this.openHandler = handler;
    },
    send: (event, payload) => report.sent.push({ event, payload }),
  };
}

export class BrowserWindow {
  constructor(options) {
    report.windows.push(options);
    this.webContents = fakeWebContents();
    emit(appListeners, 'web-contents-created', {}, this.webContents);
  }
  once() {}
  show() {}
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  focus() {}
  restore() {}
  async loadURL(url) {
    report.loaded.push(url);
    setTimeout(runScenario, 20);
  }
  async loadFile(file) {
    report.loaded.push(file);
    setTimeout(runScenario, 20);
  }
}

function strip(template) {
  return template.map(({ click, submenu, ...item }) => ({
    ...item,
    clickable: typeof click === 'function',
    submenu: submenu && strip(submenu),
  }));
}
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) {
    report.menu = strip(menu.template);
    menuTemplate = menu.template;
  },
};

let headersListener = null;
let menuTemplate = [];
export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      handler({}, 'media', (granted) => (report.permissionGranted = granted));
    },
    setPermissionCheckHandler(handler) {
      report.permissionCheck = handler({}, 'notifications');
    },
    webRequest: {
      onHeadersReceived(listener) {
        headersListener = listener;
      },
    },
  },
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from('sealed:' + Buffer.from(text).toString('hex')),
  decryptString: (buffer) => Buffer.from(buffer.toString().replace(/^sealed:/, ''), 'hex').toString(),
};

// The "paths" scenario picks this file in the open dialog.
let openDialogChoice = null;
export const dialog = {
  showOpenDialog: async () =>
    openDialogChoice ? { canceled: false, filePaths: [openDialogChoice] } : { canceled: true, filePaths: [] },
  showSaveDialog: async () => ({ canceled: true }),
  showMessageBox: async () => ({ response: 0 }),
  showErrorBox: (title, message) => report.errors.push(`${title}: ${message}`),
};

async function call(name, channel, args, url) {
  const handler = handlers.get(channel);
  report.calls[name] = await handler({ senderFrame: { url } }, args);
}

let ran = false;
async function runScenario() {
  if (ran) return;
  ran = true;
  try {
    headersListener?.(
      { responseHeaders: {} },
      ({ responseHeaders }) => (report.cspHeader = responseHeaders['Content-Security-Policy']),
    );
    const wc = fakeWebContents();
    emit(appListeners, 'web-contents-created', {}, wc);
    let prevented = false;
    emit(wc.listeners, 'will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com/');
    report.navigationPrevented = prevented;
    let webviewPrevented = false;
    emit(wc.listeners, 'will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    report.webviewPrevented = webviewPrevented;
    report.windowOpen = wc.openHandler?.({ url: 'https://example.com/' });

    menuTemplate
      .flatMap((m) => m.submenu ?? [])
      .find((i) => i.label === 'Verify')
      ?.click();
    const page = pathToFileURL(report.loaded[0]).href;
    await call('modeBefore', 'app.mode', {}, page);
    await call('untrusted', 'app.mode', {}, 'https://evil.example/');
    await call('invalid', 'events.query', { limit: 0 }, page);
    await call('noCase', 'store.info', {}, page);
    if (process.env.FAKE_ELECTRON_SCENARIO === 'demo') {
      await call('demo', 'case.demo', { events: 6000 }, page);
      await call('query', 'events.query', { limit: 5 }, page);
      await call('verify', 'verify.run', { jobId: 'v1' }, page);
      await call('recent', 'case.recent', {}, page);
      await call('modeAfter', 'app.mode', {}, page);
      report.keyFile = JSON.parse(fs.readFileSync(path.join(userData, 'signing-key.json'), 'utf8')).sealing;
    }
    if (process.env.FAKE_ELECTRON_SCENARIO === 'paths') {
      const csv = (name, id) => {
        const file = path.join(userData, name);
        fs.writeFileSync(
          file,
          `Event ID,Timestamp,Actor,Action,Entity,Status,Details\n${id},2026-03-02T09:00:00Z,alice,SIGNING_OPERATION,Key:key-1,SUCCESS,{}\n`,
        );
        return file;
      };
      const chosen = csv('chosen.csv', 'evt-chosen');
      const dropped = csv('dropped.csv', 'evt-dropped');
      const other = csv('other.csv', 'evt-other');
      await call('demo', 'case.demo', { events: 100 }, page);
      await call('ungranted', 'import.files', { paths: [chosen] }, page);
      openDialogChoice = chosen;
      await call('dialog', 'app.openFilesDialog', { purpose: 'import' }, page);
      await call('chosen', 'import.files', { paths: [chosen] }, page);
      // A drop, as the preload reports it: a synchronous message with the dropped file's path.
      const drop = (url, file) => {
        const event = { senderFrame: { url }, returnValue: undefined };
        emit(ipcListeners, 'signtrail:grant-dropped', event, file);
        return event.returnValue;
      };
      report.calls.dropFromElsewhere = drop('https://evil.example/', other);
      await call('other', 'import.files', { paths: [other] }, page);
      report.calls.drop = drop(page, dropped);
      await call('dropped', 'import.files', { paths: [dropped] }, page);
      await call('exportUngranted', 'export.run', { path: path.join(userData, 'out.csv') }, page);
      await call('openUngranted', 'case.open', { path: path.join(userData, 'elsewhere.sqlite') }, page);
    }
  } catch (err) {
    report.errors.push(String(err?.stack ?? err));
  }
  fs.writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report, null, 2));
  emit(appListeners, 'before-quit');
  setTimeout(() => process.exit(0), 50);
}

export default { app, ipcMain, BrowserWindow, Menu, session, safeStorage, dialog };
