// Creates the one window and loads the renderer: the built bundle from app://signtrail/, or the
// dev server in development. The settings are written out at the `new BrowserWindow` call itself,
// so that a reviewer and an auditor's scanner (Electronegativity, run by `npm run check`) see them:
// Electron security checklist 2 (no Node integration), 3 (context isolation), 4 (sandbox),
// 5 (webSecurity on), 9 (no experimental features), 13 (no middle-click new windows).
import { APP_INDEX_URL } from './appProtocol';

export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    disableBlinkFeatures: 'Auxclick';
    spellcheck: false;
  };
}

export interface BrowserWindowLike {
  webContents: unknown;
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
  loadURL(url: string): Promise<void>;
}

export interface RendererLocation {
  /** The Vite dev server URL, in development only; else the bundle at app://signtrail/index.html. */
  devServerUrl?: string | null;
}

export function createMainWindow<W extends BrowserWindowLike>(
  BrowserWindow: new (options: MainWindowOptions) => W,
  preloadPath: string,
  renderer: RendererLocation,
): { window: W; loaded: Promise<void> } {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'SignTrail',
    show: false,
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
      // Middle-click (auxclick) would open links in new windows; the app has none to open.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  // Shown once painted, so the user never sees a blank white frame.
  window.once('ready-to-show', () => window.show());
  const loaded = window.loadURL(renderer.devServerUrl ?? APP_INDEX_URL);
  return { window, loaded };
}
