// Registers every channel of the map on ipcMain through one wrapper: sender origin checked,
// arguments parsed by the service's dispatcher, errors returned as text. Nothing else in main
// answers the renderer.
import { channels, type Channel } from '../../shared/channels';
import { ERROR_CODES } from '../../shared/errors';
import { dispatch, type DispatchDeps } from '../service/dispatch';
import { toEnvelope, type Envelope } from './envelope';
import { isTrustedSender, type TrustedOrigins } from './isTrustedSender';

/** The part of an IpcMainInvokeEvent the wrapper reads. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}

/** The part of Electron's ipcMain the wrapper uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, args: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The desktop app's dispatch dependencies, and the origins its window loads from. */
export type RegisterOptions = Extract<DispatchDeps, { host: 'desktop' }> & { trusted: TrustedOrigins };

/** Answers one invoke as an envelope; exported so the rules can be tested without Electron. */
export function answerInvoke(options: RegisterOptions) {
  return (event: InvokeEventLike, channel: string, args: unknown): Promise<Envelope> => {
    const url = event.senderFrame?.url;
    if (!isTrustedSender(url, options.trusted)) {
      return Promise.resolve({
        ok: false,
        error: `Refused "${channel}" from ${describeSender(url)}: only the SignTrail window may call the app.`,
        code: ERROR_CODES.UntrustedSenderError,
      });
    }
    return toEnvelope(() => dispatch(channel, args, options));
  };
}

/** The sender's origin for a refusal message; a URL that does not parse is named as such. */
function describeSender(url: string | undefined): string {
  if (!url) return 'an unknown frame';
  try {
    return new URL(url).origin;
  } catch {
    return 'a frame with an unreadable address';
  }
}

/** Registers every channel of shared/channels.ts; returns a function that removes them. */
export function registerChannels(ipcMain: IpcMainLike, options: RegisterOptions): () => void {
  const answer = answerInvoke(options);
  const names = Object.keys(channels) as Channel[];
  for (const channel of names) ipcMain.handle(channel, (event, args) => answer(event, channel, args));
  return () => names.forEach((channel) => ipcMain.removeHandler(channel));
}
