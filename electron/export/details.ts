// The Details column: canonical JSON of the record's details object. JCS is recursive, so
// those bytes already sit inside canon(e); finding them is much cheaper than parse + re-serialise.
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';

// Members sort as action, actor, details, ...; actor holds only id and type, and a string
// cannot contain an unescaped quote, so the first match is the top-level member. UTF-8
// multi-byte sequences never contain ASCII bytes, so scanning bytes is safe.
const MARKER = Buffer.from(',"details":{');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Byte range [start, end) of the details object inside canon(e), or null if it is not there. */
export function detailsRange(canon: Buffer): { start: number; end: number } | null {
  const at = canon.indexOf(MARKER);
  if (at < 0) return null;
  const start = at + MARKER.length - 1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < canon.length; i++) {
    const c = canon[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return { start, end: i + 1 };
  }
  return null;
}

export function detailsJson(canon: Buffer): string {
  const range = detailsRange(canon);
  if (range) return canon.toString('utf8', range.start, range.end);
  const record = JSON.parse(canon.toString('utf8')) as { details?: JsonValue };
  return canonicalize(record.details ?? {});
}
