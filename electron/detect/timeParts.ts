// Sigma's time modifiers (minute, hour, day, week, month, year) on a timestamp, in a named zone.
import { storeTimeMs } from '../store/timeMicros';
export const TIME_PARTS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type TimePart = (typeof TIME_PARTS)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the zone is one Intl knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The part of the instant in `zone`; week is the ISO 8601 week number. */
export function timePart(timestamp: string, part: TimePart, zone: string): number | undefined {
  const fields = civilFields(timestamp, zone);
  if (!fields) return undefined;
  switch (part) {
    case 'minute':
      return fields.minute;
    case 'hour':
      return fields.hour;
    case 'day':
      return fields.day;
    case 'month':
      return fields.month;
    case 'year':
      return fields.year;
    case 'week':
      return isoWeek(fields.year, fields.month, fields.day);
  }
}

const cache = new Map<string, Record<string, number> | null>();

/** Date.parse of a timestamp, read without it when it has the store's form (store/timeMicros.ts). */
export function timestampMs(ts: string): number {
  return storeTimeMs(ts) ?? Date.parse(ts);
}

/** The zone's offset (ms) through one UTC hour, or null when it changes within the hour. */
const hourOffsets = new Map<string, number | null>();
const HOUR = 3_600_000;
/** From 1980 every zone's offset is whole minutes (earlier local mean times have seconds). */
const WHOLE_MINUTE_OFFSETS_FROM = Date.UTC(1980, 0, 1);

function offsetAt(ms: number, zone: string): number {
  const f: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute) - (ms - (((ms % 60_000) + 60_000) % 60_000));
}

/** The offset through the hour of ms, when it is one whole-minute offset from the hour's start to its end. */
function hourOffset(ms: number, zone: string): number | null {
  const start = Math.floor(ms / HOUR) * HOUR;
  const key = zone + '|' + start;
  let o = hourOffsets.get(key);
  if (o === undefined) {
    const a = offsetAt(start, zone);
    o = a === offsetAt(start + HOUR - 60_000, zone) && a % 60_000 === 0 ? a : null;
    if (hourOffsets.size > 50_000) hourOffsets.clear();
    hourOffsets.set(key, o);
  }
  return o;
}

/**
 * Civil fields of the instant in the zone. Since 1980, from the zone's offset through the UTC hour
 * (one Intl call per hour of the trail, not per minute); otherwise, or in an hour the offset
 * changes, from Intl itself, cached by zone and minute.
 */
function civilFields(timestamp: string, zone: string): Record<string, number> | null {
  const ms = timestampMs(timestamp);
  if (!Number.isNaN(ms) && ms >= WHOLE_MINUTE_OFFSETS_FROM && ms < 8.64e15 - HOUR) {
    const o = hourOffset(ms, zone);
    if (o !== null) {
      const d = new Date(ms + o);
      return {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
      };
    }
  }
  const key = zone + '|' + timestamp.slice(0, 16);
  let fields = cache.get(key);
  if (fields !== undefined) return fields;
  if (Number.isNaN(ms)) fields = null;
  else {
    fields = {};
    for (const p of formatter(zone).formatToParts(ms)) if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(key, fields);
  return fields;
}

function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
