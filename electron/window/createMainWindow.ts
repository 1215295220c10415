// Creates the window and loads the renderer: the built bundle, or the dev server in development.
import { mainWindowOptions } from './mainWindowOptions';

export interface BrowserWindowLike {
  webContents: unknown;
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
  loadFile(path: string): Promise<void>;
  loadURL(url: string): Promise<void>;
}
export type BrowserWindowConstructor = new (options: ReturnType<typeof mainWindowOptions>) => BrowserWindowLike;

export interface RendererLocation {
  /** dist/index.html of the built renderer. */
  indexHtml: string;
  /** The Vite dev server URL, in development only. */
  devServerUrl?: string | null;
}

export function createMainWindow<W extends BrowserWindowLike>(
  BrowserWindow: new (options: ReturnType<typeof mainWindowOptions>) => W,
  preloadPath: string,
  renderer: RendererLocation,
): { window: W; loaded: Promise<void> } {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  // Shown once painted, so the user never sees a blank white frame.
  window.once('ready-to-show', () => window.show());
  const loaded = renderer.devServerUrl ? window.loadURL(renderer.devServerUrl) : window.loadFile(renderer.indexHtml);
  return { window, loaded };
}
