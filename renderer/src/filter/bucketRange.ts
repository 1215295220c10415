// Which time range a drag across the histogram selects.
import type { HistogramBucket } from '../../../shared/results';

/** Index of the bucket under `x` in a plot of `width` starting at `left`, clamped to the buckets. */
export function bucketAt(x: number, left: number, width: number, count: number): number {
  if (count === 0 || width <= 0) return 0;
  const i = Math.floor(((x - left) / width) * count);
  return Math.min(count - 1, Math.max(0, i));
}

/** From the start of the first bucket touched to the end of the last, whichever way the drag went. */
export function bucketRange(buckets: HistogramBucket[], a: number, b: number): { from: string; to: string } | null {
  if (buckets.length === 0) return null;
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(buckets.length - 1, Math.max(a, b));
  return { from: buckets[lo].start, to: buckets[hi].end };
}
