// How the app writes times: ISO 8601, in UTC or in the local zone, keeping the stored microseconds.
import { formatOffset, wallTimeToEpoch, zoneOffsetMinutes } from './zones';

export type TimeMode = 'utc' | 'local';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wallParts(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The fraction after the seconds, as written in the stored time (".123456"), or "". */
function fractionOf(iso: string): string {
  const m = /T\d{2}:\d{2}:\d{2}(\.\d+)/.exec(iso);
  return m ? m[1] : '';
}

/**
 * A stored instant as ISO 8601: `2026-01-31T09:00:00.123456Z` in UTC mode,
 * `2026-01-31T10:00:00.123456+01:00` in local mode. Unparseable text is returned as is.
 */
export function formatTimestamp(iso: string, mode: TimeMode, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const offset = mode === 'utc' ? 0 : zoneOffsetMinutes(ms, zone);
  return wallParts(ms + offset * 60_000) + fractionOf(iso) + formatOffset(offset);
}

/** The value a `datetime-local` input shows for an instant: `2026-01-31T10:00:00`. */
export function instantToInput(iso: string | null, mode: TimeMode, zone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const offset = mode === 'utc' ? 0 : zoneOffsetMinutes(ms, zone);
  return wallParts(ms + offset * 60_000);
}

/** The instant a `datetime-local` value means in the chosen zone, as ISO 8601 UTC; null when empty or invalid. */
export function inputToInstant(value: string, mode: TimeMode, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, m[7] ? +m[7].padEnd(3, '0') : 0);
  if (Number.isNaN(wall)) return null;
  const epoch = mode === 'utc' ? wall : wallTimeToEpoch(wall, zone);
  return new Date(epoch).toISOString();
}

/** A short label for a histogram bucket start, in the chosen zone. */
export function formatBucketLabel(iso: string, mode: TimeMode, zone: string, spanMs: number): string {
  const full = formatTimestamp(iso, mode, zone);
  const [date, rest] = full.split('T');
  const time = rest.slice(0, 5);
  return spanMs >= 2 * 86_400_000 ? date : `${date.slice(5)} ${time}`;
}

/** "12,345", or "≥ 10,000" when the count is a lower bound. */
export function formatCount(total: number, isEstimate: boolean): string {
  return `${isEstimate ? '≥ ' : ''}${total.toLocaleString('en')}`;
}
