// The command line's transport: open the case's service, send one channel through the service's
// dispatcher (the same validation and job handling as IPC and HTTP), close it again. Commands that
// need no case (key, demo) send the installation's channels through the same dispatcher.
import type { Channel, ChannelArgs, ChannelResult, HomeChannel } from '../../shared/channels';
import { dispatch, type DispatchDeps } from '../service/dispatch';
import { homeHandlers } from '../service/homeHandlers';
import { createJobRegistry } from '../service/jobRegistry';
import { createService, type ServiceOptions } from '../service/service';
import type { Service } from '../service/types';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  progress(text: string): void;
}

function cliDeps(service: () => Service, io: CliIo): DispatchDeps {
  const jobs = createJobRegistry(({ phase, done, total }) =>
    io.progress(`${phase}: ${done.toLocaleString('en')}${total ? ` of ${total.toLocaleString('en')}` : ''}`),
  );
  return { service, jobs, host: 'cli', home: homeHandlers() };
}

/** Calls one channel on an open service, with progress written to the terminal. */
export function callChannel<C extends Channel>(
  service: Service,
  channel: C,
  args: ChannelArgs<C>,
  io: CliIo,
): Promise<ChannelResult<C>> {
  return dispatch(
    channel,
    args,
    cliDeps(() => service, io),
  ) as Promise<ChannelResult<C>>;
}

/** Calls one of the installation's channels (no case is opened for it). */
export function callHome<C extends HomeChannel>(
  channel: C,
  args: ChannelArgs<C>,
  io: CliIo,
): Promise<ChannelResult<C>> {
  const noCase = (): Service => {
    throw new Error(`"${channel}" needs no case; none is open.`);
  };
  return dispatch(channel, args, cliDeps(noCase, io)) as Promise<ChannelResult<C>>;
}

/** Opens the case (a path, or the service's options) for one command and closes it whatever happens. */
export function withService<T>(store: string | ServiceOptions, fn: (service: Service) => Promise<T>): Promise<T> {
  const service = createService(typeof store === 'string' ? { storePath: store } : store);
  return Promise.resolve()
    .then(() => fn(service))
    .finally(() => service.close());
}
