// Flow control for a producing worker thread: the main thread posts 'more' once per message it can
// take, and the worker waits for a credit before each message, so at most a few are in flight.
import type { MessagePort } from 'node:worker_threads';

/** The message the consuming thread posts for each message it has taken. */
export const MORE = 'more';

/**
 * Counts the parent's 'more' messages, starting from `initial` (a window the worker may fill before
 * the first acknowledgement); `take()` resolves once one is available and uses it.
 */
export function creditsFrom(port: MessagePort | null, initial = 0): { take(): Promise<void> } {
  let credits = initial;
  let wake: (() => void) | null = null;
  port?.on('message', (message: unknown) => {
    if (message !== MORE) return;
    credits++;
    wake?.();
    wake = null;
  });
  return {
    async take() {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
    },
  };
}
