// The service as every door sees it: one invoke per channel the case's service answers.
import type { ChannelResult, ParsedArgs, ServiceChannel } from '../../shared/channels';
import type { JobContext } from '../../shared/handlers';

export interface Service {
  invoke<C extends ServiceChannel>(channel: C, args: ParsedArgs<C>, ctx: JobContext): Promise<ChannelResult<C>>;
  close(): void;
}
