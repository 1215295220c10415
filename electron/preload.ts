// The preload: the only bridge between the sandboxed renderer and main. Electron security
// checklist 3 (context isolation) and 4 (sandbox): expose functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isChannel, type ProgressEvent } from '../shared/channels';
import type { Envelope } from './ipc/envelope';
import { GRANT_DROPPED, MENU_COMMANDS, PUSH_EVENTS, type MenuCommand, type SignTrailApi } from '../shared/preload';

function subscribe<T>(
  event: string,
  accept: (payload: unknown) => payload is T,
  listener: (payload: T) => void,
): () => void {
  const handler = (_event: unknown, payload: unknown) => {
    if (accept(payload)) listener(payload);
  };
  ipcRenderer.on(event, handler);
  return () => void ipcRenderer.removeListener(event, handler);
}

const isMenuCommand = (value: unknown): value is MenuCommand => (MENU_COMMANDS as readonly unknown[]).includes(value);
const isProgress = (value: unknown): value is ProgressEvent =>
  typeof value === 'object' && value !== null && typeof (value as ProgressEvent).jobId === 'string';

const api = {
  async invoke(channel, args) {
    if (!isChannel(channel))
      throw new Error(`Unknown channel "${String(channel)}": the app knows only the channels in shared/channels.ts.`);
    const reply = (await ipcRenderer.invoke(channel, args)) as Envelope;
    // The code travels as the Error's name and as `code` (shared/errors.ts).
    if (!reply.ok)
      throw Object.assign(new Error(reply.error), { name: reply.code ?? 'Error', code: reply.code ?? 'Error' });
    return reply.value as never;
  },
  onProgress: (listener) => subscribe(PUSH_EVENTS.progress, isProgress, listener),
  onMenu: (listener) => subscribe(PUSH_EVENTS.menu, isMenuCommand, listener),
  // File.path is gone from sandboxed renderers; drag-and-drop import needs the real path. Only a
  // real File (dropped or picked by the user) has one, and main is told it may be imported.
  pathForFile: (file) => {
    const path = (webUtils.getPathForFile(file) as string) || null;
    if (path) ipcRenderer.sendSync(GRANT_DROPPED, path);
    return path;
  },
} satisfies SignTrailApi;

contextBridge.exposeInMainWorld('signtrail', api);
