// Slow queries are logged with their name and time, on stderr of the process running the service
// (the service worker's, which the service log collects). The threshold is SIGNTRAIL_SLOW_QUERY_MS
// (default 200 ms), read at each query so a running service can be told by its environment.

const DEFAULT_SLOW_QUERY_MS = 200;

/** The threshold in milliseconds; a query that takes longer is logged. */
export function slowQueryThresholdMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIGNTRAIL_SLOW_QUERY_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SLOW_QUERY_MS;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_SLOW_QUERY_MS;
}

export type SlowQueryLog = (line: string) => void;

const toStderr: SlowQueryLog = (line) => {
  process.stderr.write(line + '\n');
};

/**
 * Runs a synchronous query and returns its result; when it took longer than the threshold, logs
 * `slow query NAME: N ms (threshold T ms)`. A query that throws is logged the same way.
 */
export function timedQuery<T>(name: string, run: () => T, log: SlowQueryLog = toStderr): T {
  const started = performance.now();
  try {
    return run();
  } finally {
    const ms = performance.now() - started;
    const threshold = slowQueryThresholdMs();
    if (ms > threshold) log(`signtrail: slow query ${name}: ${ms.toFixed(1)} ms (threshold ${threshold} ms)`);
  }
}
