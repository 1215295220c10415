// Demo time is kept in integer microseconds since the epoch, the precision of the record.
export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = NaN;
let cachedDayPrefix = '';

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the record's timestamp form (the date part is cached: this runs a million times). */
export function formatMicros(us: number): string {
  const day = Math.floor(us / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  const rest = us - day * DAY;
  const secs = Math.floor(rest / SECOND);
  const fraction = rest - secs * SECOND;
  return (
    cachedDayPrefix +
    TWO_DIGITS[Math.floor(secs / 3600)] +
    ':' +
    TWO_DIGITS[Math.floor(secs / 60) % 60] +
    ':' +
    TWO_DIGITS[secs % 60] +
    '.' +
    String(SECOND + fraction).slice(1) +
    'Z'
  );
}

export function hourOfDay(us: number): number {
  return Math.floor((us % DAY) / HOUR);
}

/** UTC midnight of the day `date` falls in, in microseconds. */
export function utcMidnightMicros(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) * 1000;
}

/** Offset into a day, e.g. `at(3, 14, 7)` is 03:14:07. */
export function at(hours: number, minutes: number, seconds: number): number {
  return hours * HOUR + minutes * MINUTE + seconds * SECOND;
}
