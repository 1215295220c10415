// Sigma's time modifiers (minute, hour, day, week, month, year) on a timestamp, in a named zone.
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

/** Civil fields of the instant in the zone, cached by zone and minute (every zone offset is whole minutes). */
function civilFields(timestamp: string, zone: string): Record<string, number> | null {
  const key = zone + '|' + timestamp.slice(0, 16);
  let fields = cache.get(key);
  if (fields !== undefined) return fields;
  const ms = Date.parse(timestamp);
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
