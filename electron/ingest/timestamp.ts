// Source times → the record's `YYYY-MM-DDTHH:MM:SS.ffffffZ`: ISO 8601 / RFC 3339 with any offset,
// `T` or space, any number of fraction digits (truncated to microseconds), or epoch numbers.
import { civilFromDays, daysFromCivil, daysInMonth, digits } from '../../shared/civil';
import { FieldProblem } from './errors';
import type { Zone } from './timeZone';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?|(?:UTC|GMT))?$/;
const EPOCH = /^(\d+)(?:\.(\d+))?$/;
const DAY_S = 86_400;
const MAX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

export interface TimeReading {
  /** The zone zone-less times are read in. */
  zone: Zone;
  /** Called when a zone-less time was read in `zone`. */
  onZoneAssumed(): void;
}

export function normalizeTimestamp(value: unknown, reading: TimeReading): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw notATime(value);
    return fromEpoch(String(value), value);
  }
  if (typeof value !== 'string') throw notATime(value);
  const fast = fastUtc(value);
  if (fast !== null) return fast;
  const text = value.trim();
  const iso = ISO.exec(text);
  if (iso) return fromIso(iso, text, reading);
  const epoch = EPOCH.exec(text);
  if (epoch) return fromEpoch(text, Number(epoch[1]));
  throw notATime(value);
}

/** The common case without a regex or allocation: `YYYY-MM-DDTHH:MM:SS[.f...]Z`. Null when not that form. */
function fastUtc(s: string): string | null {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return null;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if ((year | month | day | hour | minute | second) < 0) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  let fraction: string;
  if (n === 20) fraction = '000000';
  else {
    if (s.charCodeAt(19) !== 46 /* . */ || n < 22 || digits(s, 20, n - 21) < 0) return null;
    fraction = (s.slice(20, n - 1) + '000000').slice(0, 6);
  }
  if (n === 27) return s; // already exactly the record's form
  return formatUtc(daysFromCivil(year, month, day) * DAY_S + hour * 3600 + minute * 60 + second, fraction);
}

function notATime(value: unknown): FieldProblem {
  const shown =
    typeof value === 'string' ? JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value) : String(value);
  return new FieldProblem(`${shown} is not a date-time (ISO 8601, RFC 3339 or epoch seconds/ms)`);
}

function fromIso(m: RegExpExecArray, text: string, reading: TimeReading): string {
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new FieldProblem(`${JSON.stringify(text)} is not a valid date-time: a date or time part is out of range`);
  }
  const fraction = m[7] === undefined ? '000000' : (m[7] + '000000').slice(0, 6);
  let seconds = daysFromCivil(year, month, day) * DAY_S + hour * 3600 + minute * 60 + second;
  if (m[9] !== undefined) {
    const offHours = +m[10];
    const offMinutes = m[11] === undefined ? 0 : +m[11];
    if (offHours > 23 || offMinutes > 59) {
      throw new FieldProblem(`${JSON.stringify(text)} has an out-of-range UTC offset`);
    }
    const offset = (offHours * 3600 + offMinutes * 60) * (m[9] === '-' ? 1 : -1);
    seconds += offset;
  } else if (m[8] === undefined && !/(UTC|GMT)$/.test(text)) {
    reading.onZoneAssumed();
    seconds = reading.zone.wallToUtc(seconds * 1000) / 1000;
  }
  if (seconds < 0 || seconds > MAX_SECONDS) {
    throw new FieldProblem(`${JSON.stringify(text)} falls outside the years 0000-9999 once converted to UTC`);
  }
  return formatUtc(seconds, fraction);
}

/** Epoch numbers by size: below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds. */
function fromEpoch(text: string, whole: number): string {
  const m = EPOCH.exec(text);
  if (!m) throw notATime(text); // exponent notation from a JSON number such as 1e21
  const digits = m[1];
  const fractionDigits = m[2] ?? '';
  let seconds: number;
  let fraction: string;
  if (whole < 1e11) {
    seconds = Number(digits);
    fraction = fractionDigits;
  } else if (whole < 1e14) {
    seconds = Number(digits.slice(0, -3));
    fraction = digits.slice(-3) + fractionDigits;
  } else if (whole < 1e17) {
    seconds = Number(digits.slice(0, -6));
    fraction = digits.slice(-6) + fractionDigits;
  } else {
    throw new FieldProblem(`${JSON.stringify(text)} is too large for epoch seconds, milliseconds or microseconds`);
  }
  if (seconds > MAX_SECONDS) throw new FieldProblem(`${JSON.stringify(text)} falls after the year 9999`);
  return formatUtc(seconds, (fraction + '000000').slice(0, 6));
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function formatUtc(totalSeconds: number, fraction: string): string {
  const days = Math.floor(totalSeconds / DAY_S);
  let rest = totalSeconds - days * DAY_S;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  return (
    String(year).padStart(4, '0') +
    '-' +
    pad2(month) +
    '-' +
    pad2(day) +
    'T' +
    pad2(hour) +
    ':' +
    pad2(minute) +
    ':' +
    pad2(second) +
    '.' +
    fraction +
    'Z'
  );
}
