// The renderer's view of the desktop shell: `window.signtrail`, exposed by electron/preload.ts.
// Types only, so the renderer may import it without pulling in Electron.
import type { Channel, ChannelArgs, ChannelResult, ProgressEvent } from './channels';

/** What the application menu asks the renderer to do. */
export const MENU_COMMANDS = ['case.new', 'case.open', 'import', 'export', 'verify'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** IPC event names the shell pushes to the renderer (besides the channel map). */
export const PUSH_EVENTS = { progress: 'signtrail:progress', menu: 'signtrail:menu' } as const;

/**
 * Sent synchronously by the preload (never by page script, which has no ipcRenderer) with the path
 * of a file dropped on the window, so main lets the renderer import it (electron/desktop/pathGrants.ts).
 */
export const GRANT_DROPPED = 'signtrail:grant-dropped';

export interface SignTrailApi {
  /** Calls a channel of shared/channels.ts; rejects with an Error whose message says what went wrong. */
  invoke<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<ChannelResult<C>>;
  /** Progress of long jobs started with a jobId; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Application menu commands (New case, Open case, Import, Export, Verify). */
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** The path on disk of a file dropped on the window (Electron's webUtils); null for files not on disk. */
  pathForFile(file: File): string | null;
}
