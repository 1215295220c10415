// The service's entrance: the one path from every door (IPC, HTTP, CLI) to an answer. Known
// channel, parsed arguments, the door's guard, a job context; then the job registry, the host's
// shell or the open case's service answers, as shared/channels.ts says. A door adds transport and
// authentication only.
import {
  isChannel,
  isCliOrDesktop,
  isDesktopOnly,
  isHomeChannel,
  isShellChannel,
  parseArgs,
  type Channel,
  type DesktopOnlyChannel,
  type HomeChannel,
  type ParsedArgs,
  type ShellChannel,
} from '../../shared/channels';
import type { HandlerMap, JobContext } from '../../shared/handlers';
import type { JobRegistry } from './jobRegistry';
import type { Service } from './types';

/** The desktop shell answers every shell channel (dialogs, cases, mode). */
export type ShellHandlers = HandlerMap<ShellChannel>;
/** Browser mode answers only the shell channels that are not desktop-only. */
export type BrowserShellHandlers = HandlerMap<Exclude<ShellChannel, DesktopOnlyChannel>>;
/** The installation's channels (key, demo case), answered with no case open. */
export type HomeHandlers = HandlerMap<HomeChannel>;

export class UnknownChannelError extends Error {
  override name = 'UnknownChannelError';
}
export class DesktopOnlyError extends Error {
  override name = 'DesktopOnlyError';
}

interface CommonDeps {
  /** The service of the open case; throws a sentence when none is open. */
  service(): Service;
  jobs: JobRegistry;
  /** Checks parsed arguments before anything runs (the desktop app's path grants); throws to refuse. */
  guard?: (channel: Channel, args: unknown) => void | Promise<void>;
  /** The installation's channels; a host without them refuses them. */
  home?: HomeHandlers;
}

/** Which door's host is asking: the desktop app, browser mode or the command line. */
export type DispatchDeps = CommonDeps &
  (
    | { host: 'desktop'; shell: ShellHandlers }
    | { host: 'browser'; shell: BrowserShellHandlers }
    | { host: 'cli'; shell?: undefined }
  );

const HOST_NAMES = { browser: 'browser mode', cli: 'the command line' } as const;

export async function dispatch(channel: unknown, rawArgs: unknown, deps: DispatchDeps): Promise<unknown> {
  if (!isChannel(channel)) {
    throw new UnknownChannelError(
      `Unknown channel "${String(channel).slice(0, 80)}": the app knows only the channels in shared/channels.ts.`,
    );
  }
  const args = parseArgs(channel, rawArgs);
  await deps.guard?.(channel, args);
  if (channel === 'job.cancel') return { cancelled: deps.jobs.cancel((args as ParsedArgs<'job.cancel'>).jobId) };
  if (deps.host !== 'desktop' && isDesktopOnly(channel))
    throw new DesktopOnlyError(`"${channel}" is not available in ${HOST_NAMES[deps.host]}; it needs the desktop app.`);
  if (deps.host === 'browser' && isCliOrDesktop(channel))
    throw new DesktopOnlyError(
      `"${channel}" is not available in browser mode; it needs the desktop app or the command line.`,
    );
  const jobId = (args as { jobId?: string }).jobId;
  if (isHomeChannel(channel)) {
    const handler = deps.home?.[channel] as ((a: unknown, ctx: JobContext) => unknown) | undefined;
    if (!handler) throw new DesktopOnlyError(`"${channel}" is not available here; it needs the command line.`);
    return deps.jobs.start(jobId, async (ctx) => handler(args, ctx));
  }
  if (isShellChannel(channel)) {
    const handler = (deps.shell as Partial<ShellHandlers> | undefined)?.[channel] as
      ((a: unknown, ctx: JobContext) => unknown) | undefined;
    if (!handler) throw new DesktopOnlyError(`"${channel}" is not available here; it needs the desktop app.`);
    return deps.jobs.start(jobId, async (ctx) => handler(args, ctx));
  }
  return deps.jobs.start(jobId, (ctx) => deps.service().invoke(channel, args as ParsedArgs<typeof channel>, ctx));
}
