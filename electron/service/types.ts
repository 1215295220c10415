// What every door (IPC, HTTP, CLI) hands the service along with parsed arguments.
import type { Channel, ChannelResult, ParsedArgs } from '../../shared/channels';

export interface JobContext {
  /** Aborted when the user cancels; long operations stop and leave the store as it was. */
  signal: AbortSignal;
  progress(phase: string, done: number, total: number | null): void;
}

export interface Service {
  invoke<C extends Channel>(channel: C, args: ParsedArgs<C>, ctx: JobContext): Promise<ChannelResult<C>>;
  close(): void;
}

export function noJobContext(): JobContext {
  return { signal: new AbortController().signal, progress: () => {} };
}
