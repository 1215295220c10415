// Flow control for a producing worker thread: the main thread posts 'more' once per message it can
// take, and the worker waits for a credit before each message, so at most a few are in flight.
import type { MessagePort } from 'node:worker_threads';

/** Counts the parent's 'more' messages; `take()` resolves once one is available and uses it. */
export function creditsFrom(port: MessagePort | null): { take(): Promise<void> } {
  let credits = 0;
  let wake: (() => void) | null = null;
  port?.on('message', (message: unknown) => {
    if (message !== 'more') return;
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
