// Messages from a worker thread, taken one at a time by an async consumer: a queue with one
// waiter, and a failure that is thrown once the messages before it have been taken.
export interface Mailbox<T> {
  readonly queue: T[];
  put(message: T): void;
  /** Ends the mailbox with this error, after the messages already queued; the first one stays. */
  fail(err: Error): void;
  /** The next message, waiting for it if need be; `onTake` runs when one is taken. */
  take(onTake?: () => void): Promise<T>;
}

export function mailbox<T>(): Mailbox<T> {
  const queue: T[] = [];
  let failure: Error | null = null;
  let waiting: (() => void) | null = null;
  const wakeUp = () => {
    waiting?.();
    waiting = null;
  };
  return {
    queue,
    put(message) {
      queue.push(message);
      wakeUp();
    },
    fail(err) {
      failure ??= err;
      wakeUp();
    },
    async take(onTake) {
      for (;;) {
        if (queue.length > 0) {
          onTake?.();
          return queue.shift()!;
        }
        if (failure) throw failure;
        await new Promise<void>((resolve) => (waiting = resolve));
      }
    },
  };
}
