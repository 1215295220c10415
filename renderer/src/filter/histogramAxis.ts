// The histogram's axis: what one bar covers in words, and zooming out from a range.

const UNITS: [number, string][] = [
  [30 * 86_400_000, 'month'],
  [7 * 86_400_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** "5 minutes", "1 hour", "1 week" (a month is 30 days). */
export function describeInterval(ms: number): string {
  for (const [size, name] of UNITS) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return n === 1 ? `1 ${name}` : `${n} ${name}s`;
    }
  }
  return `${ms} ms`;
}

/**
 * Twice the range around its middle, kept inside the case; null once it covers the whole case
 * (the bounds are then dropped, which is no zoom at all).
 */
export function zoomOut(
  range: { from: string; to: string },
  span: { first: string; last: string },
): { from: string; to: string } | null {
  const lo = Date.parse(range.from);
  const hi = Date.parse(range.to);
  const first = Date.parse(span.first);
  const last = Date.parse(span.last) + 1;
  const half = Math.max(hi - lo, 1000);
  const from = Math.max(first, lo - half / 2);
  const to = Math.min(last, hi + half / 2);
  if (from <= first && to >= last) return null;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
