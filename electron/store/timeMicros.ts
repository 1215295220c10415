// Event time in the store (issue 14, decision 1): the events table's `ts` column and every index
// that holds it are INTEGER microseconds since 1970-01-01T00:00:00Z. The canonical bytes keep the
// record's text (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, always UTC and always six digits, see
// ingest/timestamp.ts), so the integer is an exact bijection with that text for every year
// 0000-9999 (-62,167,219,200,000,000 .. 253,402,300,799,999,999).
//
// Those integers pass 2^53 after the year 2255 and before 1685, where a JavaScript number cannot
// hold every microsecond (better-sqlite3 then returns a rounded number without a word). So:
// - text -> integer is computed exactly here, as a decimal string, and bound as a BigInt when it
//   is outside the safe range;
// - integer -> text is done by SQLite (tsTextSql), which holds 64-bit integers, at the edge where a
//   reader wants the text (grid, export, detections, reports): outputs stay byte-for-byte.
// Every filter bound goes through boundMicros (a user's instant) or storeTimeMicros (a time read
// from the store), the one place both the grid's filters and the detections' SQL convert.
import { daysFromCivil, daysInMonth, digits } from '../../shared/civil';

/** A user's instant with a zone: any number of fraction digits, `Z` or an offset. */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DAY_S = 86_400;

/** Microseconds as a value SQLite binds exactly: a number when safe, else a BigInt. */
export type Micros = number | bigint;

/** An exact decimal integer (as SQLite's CAST(ts AS TEXT) writes it) as a value to compare and bind. */
export function bindable(decimal: string): Micros {
  const n = Number(decimal);
  return Number.isSafeInteger(n) ? n : BigInt(decimal);
}

/** `seconds * 10^6 + fraction` as an exact decimal string (seconds may be negative; 0 <= fraction < 10^6). */
function microsDecimal(seconds: number, fraction: number): string {
  if (seconds >= 0) return seconds === 0 ? String(fraction) : String(seconds) + String(fraction).padStart(6, '0');
  // Negative: -(|seconds| * 10^6 - fraction), written without passing through a float.
  const whole = fraction > 0 ? -seconds - 1 : -seconds;
  const rest = fraction > 0 ? 1_000_000 - fraction : 0;
  return '-' + (whole === 0 ? String(rest) : String(whole) + String(rest).padStart(6, '0'));
}

/**
 * The store's integer for a record's time text (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), as an exact
 * decimal string; null when the text is not exactly that form or names no real instant.
 */
export function storeTimeDecimal(ts: string): string | null {
  const seconds = storeSeconds(ts);
  return seconds === null ? null : microsDecimal(seconds, digits(ts, 20, 6));
}

/** Whole seconds since 1970 of a store time text (its fraction is the six digits at 20), or null. */
function storeSeconds(ts: string): number | null {
  // Called for every imported event: digits read by char code, no regex and no Date object.
  if (ts.length !== 27 || ts.charCodeAt(26) !== 90 /* Z */) return null;
  const year = digits(ts, 0, 4);
  const month = digits(ts, 5, 2);
  const day = digits(ts, 8, 2);
  const hour = digits(ts, 11, 2);
  const minute = digits(ts, 14, 2);
  const second = digits(ts, 17, 2);
  const fraction = digits(ts, 20, 6);
  if ((year | month | day | hour | minute | second | fraction) < 0) return null;
  if (ts[4] !== '-' || ts[7] !== '-' || ts[10] !== 'T' || ts[13] !== ':' || ts[16] !== ':' || ts[19] !== '.')
    return null;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // A day past the month's end (2026-02-30) would roll over: the text would not round-trip.
  if (day > 28 && day > daysInMonth(year, month)) return null;
  const days = year >= 100 ? Date.UTC(year, month - 1, day) / 86_400_000 : daysFromCivil(year, month, day);
  return days * DAY_S + hour * 3600 + minute * 60 + second;
}

/** Milliseconds since 1970 of a store time text (what Date.parse gives of it), or null when it is not one. */
export function storeTimeMs(ts: string): number | null {
  const seconds = storeSeconds(ts);
  return seconds === null ? null : seconds * 1000 + Math.floor(digits(ts, 20, 6) / 1000);
}

/** The store's integer for a record's time text, ready to bind. Throws when the text is not a store time. */
export function storeTimeMicros(ts: string): Micros {
  const seconds = storeSeconds(ts);
  // 1685-2255: the product stays below 2^53, so the number is exact.
  if (seconds !== null && Math.abs(seconds) < 9_000_000_000) return seconds * 1_000_000 + digits(ts, 20, 6);
  const decimal = storeTimeDecimal(ts);
  if (decimal === null) throw new Error(`"${ts}" is not a store time (YYYY-MM-DDTHH:MM:SS.ffffffZ)`);
  return bindable(decimal);
}

/**
 * A filter bound (an ISO 8601 instant) as the store's integer. The events at or after the bound
 * are exactly those whose integer is >= ceil(bound), and the events before it those < ceil(bound),
 * so `ceil` (the default) serves both `ts >= from` and `ts < to`; `floor` serves `ts <= bound`.
 * Digits past the microsecond decide the rounding and are otherwise dropped: a bound at
 * 09:00:00.0000005Z keeps an event at 09:00:00.000000Z out of `ts >= bound` and in `ts < bound`.
 * An instant without a zone is read as Date.parse reads it (the process's local time), to the millisecond.
 */
export function boundMicros(iso: string, round: 'ceil' | 'floor' = 'ceil'): Micros {
  const m = INSTANT.exec(iso.trim());
  if (!m) {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`"${iso}" is not a date-time`);
    return bindable(microsDecimal(Math.floor(ms / 1000), (ms - Math.floor(ms / 1000) * 1000) * 1000));
  }
  const [year, month, day, hour, minute] = [+m[1], +m[2], +m[3], +m[4], +m[5]];
  const second = m[6] === undefined ? 0 : +m[6];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    throw new Error(`"${iso}" is not a valid date-time`);
  const digits = m[7] ?? '';
  let fraction = Number((digits + '000000').slice(0, 6));
  const beyond = /[1-9]/.test(digits.slice(6));
  let seconds = daysFromCivil(year, month, day) * DAY_S + hour * 3600 + minute * 60 + second;
  if (m[9] !== undefined) seconds -= (m[9] === '-' ? -1 : 1) * (+m[10] * 3600 + +m[11] * 60);
  if (beyond && round === 'ceil') {
    fraction++;
    if (fraction === 1_000_000) {
      fraction = 0;
      seconds++;
    }
  }
  return bindable(microsDecimal(seconds, fraction));
}

/**
 * SQL giving the store time text (`YYYY-MM-DDTHH:MM:SS.ffffffZ`) of an integer expression, NULL
 * for NULL: exact for every year 0000-9999, computed by SQLite (64-bit integers).
 */
export function tsTextSql(expr: string): string {
  const micro = `((${expr}) % 1000000 + 1000000) % 1000000`;
  return `strftime('%Y-%m-%dT%H:%M:%S', ((${expr}) - ${micro}) / 1000000, 'unixepoch') || printf('.%06dZ', ${micro})`;
}

/** SQL: milliseconds since 1970 of an integer time expression, rounded down (what Date.parse gives of the text). */
export function msFloorSql(expr: string): string {
  return `(((${expr}) - ((${expr}) % 1000 + 1000) % 1000) / 1000)`;
}
