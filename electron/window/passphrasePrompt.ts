// The passphrase prompt (Electron has no native text box): a small modal window with the same
// locked-down settings as the main window, its page served by app:// from this module (so the CSP
// needs no exception) and a preload that sends one answer back. Main accepts the answer only from
// that page.
import { APP_ORIGIN_URL } from './appProtocol';
import type { KeyProtectionUi } from '../desktop/keyProtection';

export const PASSPHRASE_ANSWER = 'signtrail:passphrase';
export const PROMPT_PATH = '/__shell/passphrase.html';
const SCRIPT_PATH = '/__shell/passphrase.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SignTrail passphrase</title>
<style>body{font:14px system-ui,sans-serif;margin:20px;background:#121212;color:#eee}
input{width:100%;box-sizing:border-box;margin:6px 0 12px;padding:6px}p.problem{color:#ff8a80}
.buttons{text-align:right}button{margin-left:8px;padding:6px 14px}</style></head>
<body><form id="form"><p id="intro"></p><label>Passphrase<input id="pass" type="password" autocomplete="new-password" autofocus></label>
<label id="againLabel">Type it again<input id="again" type="password" autocomplete="new-password"></label>
<p id="problem" class="problem" role="alert"></p>
<div class="buttons"><button type="button" id="cancel">Cancel</button><button type="submit">OK</button></div></form>
<script src="passphrase.js"></script></body></html>
`;

const SCRIPT = `'use strict';
const params = new URLSearchParams(location.search);
const isNew = params.get('mode') === 'new';
const $ = (id) => document.getElementById(id);
$('intro').textContent = isNew
  ? 'Choose a passphrase for SignTrail\\'s signing key. It cannot be recovered: without it, this installation makes a new key.'
  : 'Type the passphrase of SignTrail\\'s signing key.';
$('problem').textContent = params.get('problem') || '';
if (!isNew) $('againLabel').remove();
$('cancel').addEventListener('click', () => window.signtrailPassphrase.submit(null));
$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = $('pass').value;
  if (isNew && value !== $('again').value) {
    $('problem').textContent = 'The two passphrases differ.';
    return;
  }
  window.signtrailPassphrase.submit(value);
});
`;

/** The prompt's page and script, served by the app:// handler. */
export const PROMPT_FILES: Record<string, { type: string; body: string }> = {
  [PROMPT_PATH]: { type: 'text/html; charset=utf-8', body: PAGE },
  [SCRIPT_PATH]: { type: 'text/javascript; charset=utf-8', body: SCRIPT },
};

export function promptUrl(mode: 'new' | 'unlock', problem?: string): string {
  const query = new URLSearchParams({ mode, ...(problem ? { problem } : {}) });
  return `${APP_ORIGIN_URL}${PROMPT_PATH.slice(1)}?${query.toString()}`;
}

/** True for the prompt page's URL, whatever its query. */
export function isPromptPage(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'app:' &&
      `${parsed.protocol}//${parsed.host}/` === APP_ORIGIN_URL &&
      parsed.pathname === PROMPT_PATH
    );
  } catch {
    return false;
  }
}

interface PromptWindow {
  loadURL(url: string): Promise<void>;
  once(event: 'closed', listener: () => void): void;
  close(): void;
  isDestroyed(): boolean;
}

interface AnswerEvent {
  senderFrame?: { url: string } | null;
}

export interface IpcOn {
  on(channel: string, listener: (event: AnswerEvent, value: unknown) => void): void;
  removeListener(channel: string, listener: (event: AnswerEvent, value: unknown) => void): void;
}

/** Opens the prompt and resolves with the passphrase, or null when cancelled or closed. */
export function askPassphrase<W extends PromptWindow>(
  BrowserWindow: new (options: object) => W,
  ipc: IpcOn,
  preloadPath: string,
  mode: 'new' | 'unlock',
  problem?: string,
): Promise<string | null> {
  // The same settings as the main window's, written out again on purpose: a reviewer and a scanner
  // read them at each `new BrowserWindow` call, not behind a shared object.
  const window = new BrowserWindow({
    width: 460,
    height: mode === 'new' ? 330 : 260,
    resizable: false,
    minimizable: false,
    title: 'SignTrail passphrase',
    backgroundColor: '#121212',
    webPreferences: {
      preload: preloadPath,
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
    },
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: string | null) => {
      if (done) return;
      done = true;
      ipc.removeListener(PASSPHRASE_ANSWER, listener);
      if (!window.isDestroyed()) window.close();
      resolve(value);
    };
    const listener = (event: AnswerEvent, value: unknown) => {
      if (!isPromptPage(event.senderFrame?.url)) return;
      finish(typeof value === 'string' ? value : null);
    };
    ipc.on(PASSPHRASE_ANSWER, listener);
    window.once('closed', () => finish(null));
    window.loadURL(promptUrl(mode, problem)).catch(() => finish(null));
  });
}

/** The key-protection question's UI: Electron's native message box and the prompt window above. */
export function createKeyProtectionUi<W extends PromptWindow>(
  dialog: { showMessageBox(options: object): Promise<{ response: number }> },
  BrowserWindow: new (options: object) => W,
  ipc: IpcOn,
  preloadPath: string,
): KeyProtectionUi {
  return {
    async choose(message, detail, buttons) {
      const options = { type: 'warning', message, detail, buttons, defaultId: 2, cancelId: 0, noLink: true };
      return (await dialog.showMessageBox(options)).response;
    },
    passphrase: (mode, problem) => askPassphrase(BrowserWindow, ipc, preloadPath, mode, problem),
  };
}
