// A minimal stand-in for the `electron` module, for loading the built main bundle in plain Node.
// It records what main asks of Electron, runs a short scenario through the registered IPC
// handlers and the app:// protocol handler, writes a JSON report to $FAKE_ELECTRON_REPORT and exits.
// Knobs: FAKE_ELECTRON_PACKAGED=1 (app.isPackaged), FAKE_ELECTRON_KEYSTORE=none (no safeStorage),
// FAKE_ELECTRON_ANSWERS (JSON list: the buttons the user clicks in message boxes, in order),
// FAKE_ELECTRON_PASSPHRASES (JSON list: what the user types in the passphrase prompt; null = Cancel).
import fs from 'node:fs';
import path from 'node:path';

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
  setPath: [],
  schemes: null,
  schemesRegisteredBeforeReady: null,
  protocolHandled: [],
  appRequests: {},
  messageBoxes: [],
  prompts: [],
  quit: false,
};
const handlers = new Map();
const ipcListeners = new Map();
const appListeners = new Map();
let userData = process.env.FAKE_ELECTRON_USER_DATA;
const answers = JSON.parse(process.env.FAKE_ELECTRON_ANSWERS ?? '[]');
const passphrases = JSON.parse(process.env.FAKE_ELECTRON_PASSPHRASES ?? '[]');
let whenReadyCalled = false;
let protocolHandler = null;

function writeReport() {
  fs.writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report, null, 2));
}

function on(map, event, listener) {
  map.set(event, [...(map.get(event) ?? []), listener]);
}
function emit(map, event, ...args) {
  (map.get(event) ?? []).forEach((listener) => listener(...args));
}

export const app = {
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  getPath: (name) => (name === 'userData' ? userData : path.join(userData, name)),
  setPath(name, value) {
    report.setPath.push([name, value]);
    if (name === 'userData') userData = value;
  },
  requestSingleInstanceLock() {
    report.singleInstanceLockRequested = true;
    return true;
  },
  on: (event, listener) => on(appListeners, event, listener),
  whenReady() {
    whenReadyCalled = true;
    return Promise.resolve();
  },
  quit() {
    // Quitting before any main window (the user declined at the key question): report and leave.
    report.quit = true;
    if (report.loaded.length === 0) {
      writeReport();
      setTimeout(() => process.exit(0), 20);
    }
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    report.schemes = schemes;
    report.schemesRegisteredBeforeReady = !whenReadyCalled;
  },
  handle(scheme, handler) {
    report.protocolHandled.push(scheme);
    protocolHandler = handler;
  },
};

/** Asks main's app:// handler, as Chromium would for the page. */
async function fetchApp(url) {
  const response = await protocolHandler(new Request(url));
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    body: (await response.text()).slice(0, 200),
  };
}

export const ipcMain = {
  handle(channel, listener) {
    report.handled.push(channel);
    handlers.set(channel, listener);
  },
  removeHandler: (channel) => handlers.delete(channel),
  on: (event, listener) => on(ipcListeners, event, listener),
  removeListener: (event, listener) =>
    ipcListeners.set(
      event,
      (ipcListeners.get(event) ?? []).filter((l) => l !== listener),
    ),
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
    this.listeners = new Map();
    this.destroyed = false;
    emit(appListeners, 'web-contents-created', {}, this.webContents);
  }
  once(event, listener) {
    on(this.listeners, event, listener);
  }
  show() {}
  close() {
    this.destroyed = true;
    emit(this.listeners, 'closed');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  focus() {}
  restore() {}
  // Main registers its handlers and builds the window synchronously before it loads the page; the
  // scenario starts once that turn is over (the page "loads"), with no guessed delay.
  async loadURL(url) {
    if (new URL(url).pathname === '/__shell/passphrase.html') return this.answerPrompt(url);
    report.loaded.push(url);
    setImmediate(runScenario);
  }
  // The passphrase prompt: its page must come from main's app:// handler; the "user" then types
  // the next passphrase of FAKE_ELECTRON_PASSPHRASES, as the page's preload would send it.
  answerPrompt(url) {
    setTimeout(async () => {
      const page = await fetchApp(url);
      const script = await fetchApp(new URL('passphrase.js', url).href);
      const typed = passphrases.length > 0 ? passphrases.shift() : null;
      report.prompts.push({
        mode: new URL(url).searchParams.get('mode'),
        problem: new URL(url).searchParams.get('problem'),
        pageStatus: page.status,
        scriptStatus: script.status,
        csp: page.csp,
        preload: report.windows.at(-1).webPreferences.preload,
      });
      // A message from some other page is ignored: only the prompt page may answer.
      emit(ipcListeners, 'signtrail:passphrase', { senderFrame: { url: 'https://evil.example/' } }, 'evil');
      emit(ipcListeners, 'signtrail:passphrase', { senderFrame: { url } }, typed);
    }, 5);
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
  isEncryptionAvailable: () => process.env.FAKE_ELECTRON_KEYSTORE !== 'none',
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
  showMessageBox: async (...args) => {
    const options = args.at(-1);
    const response = answers.length > 0 ? answers.shift() : 0;
    report.messageBoxes.push({ message: options.message, detail: options.detail, buttons: options.buttons, response });
    return { response };
  },
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
    const navigates = (url) => {
      let stopped = false;
      emit(wc.listeners, 'will-navigate', { preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    report.fileNavigationPrevented = navigates('file:///etc/passwd');
    report.appNavigationPrevented = navigates('app://signtrail/index.html');
    let webviewPrevented = false;
    emit(wc.listeners, 'will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    report.webviewPrevented = webviewPrevented;
    report.windowOpen = wc.openHandler?.({ url: 'https://example.com/' });

    menuTemplate
      .flatMap((m) => m.submenu ?? [])
      .find((i) => i.label === 'Verify')
      ?.click();
    const page = report.loaded[0];
    for (const url of [
      'app://signtrail/index.html',
      'app://x/../../etc/passwd',
      'app://signtrail/../../etc/passwd',
      'app://signtrail/..%2F..%2Fetc%2Fpasswd',
      'app://signtrail/%2e%2e/%2e%2e/etc/passwd',
      'app://signtrail/..%5C..%5Cetc%5Cpasswd',
      'app://signtrail/%252e%252e%252fetc%252fpasswd',
    ]) {
      report.appRequests[url] = await fetchApp(url);
    }
    await call('modeBefore', 'app.mode', {}, page);
    await call('recentBefore', 'case.recent', {}, page);
    await call('untrusted', 'app.mode', {}, 'https://evil.example/');
    await call('invalid', 'events.query', { limit: 0 }, page);
    await call('noCase', 'store.info', {}, page);
    if (process.env.FAKE_ELECTRON_SCENARIO === 'demo') {
      await call('demo', 'case.demo', { events: 6000 }, page);
      await call('query', 'events.query', { limit: 5 }, page);
      await call('verify', 'verify.run', { jobId: 'v1' }, page);
      await call('recent', 'case.recent', {}, page);
      await call('modeAfter', 'app.mode', {}, page);
      report.keyFile = JSON.parse(
        fs.readFileSync(path.join(app.getPath('userData'), 'signing-key.json'), 'utf8'),
      ).sealing;
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
  writeReport();
  emit(appListeners, 'before-quit');
  // The report is written; exit once before-quit's listeners have run their turn.
  setImmediate(() => process.exit(0));
}

/** shell.openPath: opens nothing (the desktop handler's own test injects its opener). */
export const shell = {
  openPath: async () => '',
};

export default { app, ipcMain, BrowserWindow, Menu, session, safeStorage, dialog, protocol, shell };
