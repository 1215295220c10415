// The command line's transport: open the case's service, send one channel through the service's
// dispatcher (the same validation and job handling as IPC and HTTP), close it again.
import type { Channel, ChannelArgs, ChannelResult } from '../../shared/channels';
import { dispatch } from '../service/dispatch';
import { createJobRegistry } from '../service/jobRegistry';
import { createService } from '../service/service';
import type { Service } from '../service/types';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  progress(text: string): void;
}

/** Calls one channel on an open service, with progress written to the terminal. */
export function callChannel<C extends Channel>(
  service: Service,
  channel: C,
  args: ChannelArgs<C>,
  io: CliIo,
): Promise<ChannelResult<C>> {
  const jobs = createJobRegistry(({ phase, done, total }) =>
    io.progress(`${phase}: ${done.toLocaleString('en')}${total ? ` of ${total.toLocaleString('en')}` : ''}`),
  );
  return dispatch(channel, args, { service: () => service, jobs, host: 'cli' }) as Promise<ChannelResult<C>>;
}

/** Opens the case at `storePath` for one command and closes it whatever happens. */
export function withService<T>(storePath: string, fn: (service: Service) => Promise<T>): Promise<T> {
  const service = createService({ storePath });
  return Promise.resolve()
    .then(() => fn(service))
    .finally(() => service.close());
}
