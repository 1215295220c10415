// The Details column: canonical JSON of the record's details object. JCS is recursive, so
// those bytes already sit inside canon(e); finding them is much cheaper than parse + re-serialise.
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';

// Members sort as action, actor, details, ...; actor holds only id and type, and a string
// cannot contain an unescaped quote, so the first match is the top-level member.
const MARKER = ',"details":{';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when the quote at `at` is escaped: an odd number of backslashes precede it. */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; text.charCodeAt(i) === BACKSLASH; i--) slashes++;
  return slashes % 2 === 1;
}

/** End (exclusive) of the JSON object or array that opens at `start`, or -1. */
function closingEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Strings are most of the details: jump over each with a native search.
      let close = text.indexOf('"', i + 1);
      while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}

/** Range [start, end) of the details object inside canon(e) as text, or null if it is not there. */
export function detailsTextRange(canon: string): { start: number; end: number } | null {
  const at = canon.indexOf(MARKER);
  if (at < 0) return null;
  const start = at + MARKER.length - 1;
  const end = closingEnd(canon, start);
  return end < 0 ? null : { start, end };
}

/** The canonical details JSON of canon(e) given as text. */
export function detailsText(canon: string): string {
  const range = detailsTextRange(canon);
  if (range) return canon.slice(range.start, range.end);
  const record = JSON.parse(canon) as { details?: JsonValue };
  return canonicalize(record.details ?? {});
}

export function detailsJson(canon: Buffer): string {
  return detailsText(canon.toString('utf8'));
}
