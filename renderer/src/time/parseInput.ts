// What a From/To box accepts: ISO 8601 / RFC 3339 typed or pasted, with or without a zone.
import type { TimeMode } from './format';
import { wallTimeToEpoch } from './zones';

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export const TIME_INPUT_HINT = 'ISO 8601, e.g. 2026-03-02T08:40:00Z or 2026-03-02 08:40';

export type ParsedTime = { ok: true; instant: string | null } | { ok: false; error: string };

/**
 * The UTC instant a typed time means. Without a zone it is read in the UTC/Local choice; an empty
 * box means no bound. Anything else (a US date, digits without separators, 2026-02-30) is refused
 * with a sentence saying what is expected, never guessed at.
 */
export function parseTimeInput(text: string, mode: TimeMode, zone: string): ParsedTime {
  const t = text.trim();
  if (t === '') return { ok: true, instant: null };
  const m = PATTERN.exec(t);
  if (!m) return { ok: false, error: `“${t}” is not a date-time: use ${TIME_INPUT_HINT}.` };
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', tz] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== +y ||
    check.getUTCMonth() !== +mo - 1 ||
    check.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  ) {
    return { ok: false, error: `“${t}” is not a real date or time of day.` };
  }
  let epoch: number;
  if (tz === undefined) epoch = mode === 'utc' ? wall : wallTimeToEpoch(wall, zone);
  else if (tz === 'Z' || tz === 'z') epoch = wall;
  else {
    const digits = tz.replace(':', '');
    const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * (tz[0] === '-' ? -1 : 1);
    epoch = wall - offset * 60_000;
  }
  return { ok: true, instant: new Date(epoch).toISOString() };
}
