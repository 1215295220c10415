// The one path from a door (IPC or HTTP) to the service: known channel, parsed arguments, a job
// context, and desktop-only channels handed to the shell. A door adds transport and auth only.
import { isChannel, parseArgs, type Channel, type ChannelResult, type ParsedArgs } from '../../shared/channels';
import type { JobRegistry } from '../jobs/jobRegistry';
import type { JobContext, Service } from '../service/types';

export const DESKTOP_CHANNELS = [
  'app.openFilesDialog',
  'app.saveDialog',
  'case.recent',
  'case.open',
  'case.demo',
  'app.mode',
  'sync.setToken',
] as const satisfies readonly Channel[];
export type DesktopChannel = (typeof DESKTOP_CHANNELS)[number];

/** Answers the desktop-only channels (dialogs, cases, sealed tokens); the Electron shell provides it. */
export type AppHandlers = {
  [C in DesktopChannel]: (args: ParsedArgs<C>, ctx: JobContext) => Promise<ChannelResult<C>> | ChannelResult<C>;
};

export class UnknownChannelError extends Error {
  override name = 'UnknownChannelError';
}
export class DesktopOnlyError extends Error {
  override name = 'DesktopOnlyError';
}

export interface DispatchDeps {
  /** The service of the open case; throws a sentence when none is open. */
  service(): Service;
  jobs: JobRegistry;
  /** Absent in browser mode. */
  app?: Partial<AppHandlers>;
  /** Checks parsed arguments before anything runs (the desktop app's path grants); throws to refuse. */
  guard?: (channel: Channel, args: unknown) => void | Promise<void>;
}

export function isDesktopChannel(channel: Channel): channel is DesktopChannel {
  return (DESKTOP_CHANNELS as readonly string[]).includes(channel);
}

export async function dispatch(channel: unknown, rawArgs: unknown, deps: DispatchDeps): Promise<unknown> {
  if (!isChannel(channel)) {
    throw new UnknownChannelError(
      `Unknown channel "${String(channel).slice(0, 80)}": the app knows only the channels in shared/channels.ts.`,
    );
  }
  const args = parseArgs(channel, rawArgs);
  await deps.guard?.(channel, args);
  if (channel === 'job.cancel') return { cancelled: deps.jobs.cancel((args as ParsedArgs<'job.cancel'>).jobId) };
  const jobId = (args as { jobId?: string }).jobId;
  if (isDesktopChannel(channel)) {
    const handler = deps.app?.[channel] as ((a: unknown, ctx: JobContext) => unknown) | undefined;
    if (!handler)
      throw new DesktopOnlyError(`"${channel}" is not available in browser mode; it needs the desktop app.`);
    return deps.jobs.start(jobId, async (ctx) => handler(args, ctx));
  }
  return deps.jobs.start(jobId, (ctx) => deps.service().invoke(channel, args as ParsedArgs<typeof channel>, ctx));
}
