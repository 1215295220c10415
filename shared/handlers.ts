// What answers a channel, typed from the contract: a handler takes the channel's parsed arguments
// and a job context and returns its result. Each feature writes its handlers beside its own code;
// `handlerMap<Channels>()` combines them and fails the type-check when a channel has no handler,
// a handler has no channel, or two features answer the same channel.
import type { Channel, ChannelResult, ParsedArgs } from './channels';

/** What every door hands a handler along with parsed arguments. */
export interface JobContext {
  /** Aborted when the user cancels; long operations stop and leave the store as it was. */
  signal: AbortSignal;
  progress(phase: string, done: number, total: number | null): void;
}

/** A context for calls no one can cancel or watch (tests, internal calls). */
export function noJobContext(): JobContext {
  return { signal: new AbortController().signal, progress: () => {} };
}

export type Handler<C extends Channel> = (
  args: ParsedArgs<C>,
  ctx: JobContext,
) => Promise<ChannelResult<C>> | ChannelResult<C>;

/** One handler for each channel of `Cs`, no more, no fewer. */
export type HandlerMap<Cs extends Channel> = { [C in Cs]: Handler<C> };

type KeysOf<T extends readonly object[]> = T[number] extends infer U ? (U extends object ? keyof U : never) : never;
type Duplicated<T extends readonly object[]> = T extends readonly [
  infer Head extends object,
  ...infer Rest extends readonly object[],
]
  ? Extract<keyof Head, KeysOf<Rest>> | Duplicated<Rest>
  : never;

/** Resolves to `unknown` when the parts are exactly a map of `Cs`, else to a type that names what is wrong. */
export type CheckParts<Cs extends Channel, T extends readonly object[]> = [Duplicated<T>] extends [never]
  ? [Exclude<KeysOf<T>, Cs>] extends [never]
    ? [Exclude<Cs, KeysOf<T>>] extends [never]
      ? unknown
      : { missingHandlers: Exclude<Cs, KeysOf<T>> }
    : { handlersWithoutChannel: Exclude<KeysOf<T>, Cs> }
  : { answeredTwice: Duplicated<T> };

/**
 * Combines each feature's handlers into the one map for the channels `Cs` (Actual Budget's
 * createApp<Handlers>() with a name-conflict check). The checks happen in the type-checker; at run
 * time a name answered twice still throws, so a cast cannot hide it.
 */
export function handlerMap<Cs extends Channel>() {
  return <const T extends readonly Partial<HandlerMap<Cs>>[]>(...parts: T & CheckParts<Cs, T>): HandlerMap<Cs> => {
    const map: Record<string, unknown> = {};
    for (const part of parts as readonly object[]) {
      for (const [name, handler] of Object.entries(part)) {
        if (name in map) throw new Error(`Two features answer the channel "${name}".`);
        map[name] = handler;
      }
    }
    return map as HandlerMap<Cs>;
  };
}
