// Exponential backoff for transient faults, up to a cap on attempts; anything else stops at once.
import { SyncError, TransientHttpError } from './errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; doubled each time after. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, backoffMs: 500, maxBackoffMs: 30_000 };

export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  options: { signal?: AbortSignal; onRetry?: (fault: Error, attempt: number, waitMs: number) => void } = {},
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof TransientHttpError)) throw err;
      if (n >= policy.attempts) {
        throw new SyncError('network', `${err.message}; gave up after ${n} attempt${n === 1 ? '' : 's'}`);
      }
      const waitMs = Math.min(policy.backoffMs * 2 ** (n - 1), policy.maxBackoffMs);
      options.onRetry?.(err, n, waitMs);
      await sleep(waitMs, options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SyncError('cancelled', 'the sync was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SyncError('cancelled', 'the sync was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
