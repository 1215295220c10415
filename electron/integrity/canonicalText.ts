// A one-pass check that text already known to be valid JSON is in RFC 8785 (JCS) form, without
// re-serialising it. It accepts only what it is sure of; false means "ask the reference path".
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Is `c` the code of a control character JCS writes as \u00xx (not \b \t \n \f \r)? */
function needsUnicodeEscape(c: number): boolean {
  return c < 0x20 && c !== 0x08 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d;
}

function lowerHexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Is text[a, aEnd) before text[b, bEnd) in UTF-16 code unit order, as `<` compares strings? */
function rangeBefore(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  const aLength = aEnd - a;
  const bLength = bEnd - b;
  const common = aLength < bLength ? aLength : bLength;
  for (let k = 0; k < common; k++) {
    const x = text.charCodeAt(a + k);
    const y = text.charCodeAt(b + k);
    if (x !== y) return x < y;
  }
  return aLength < bLength;
}

/**
 * True only when `text` (valid JSON) is canonical JCS: no whitespace, members sorted by UTF-16
 * code units with no duplicates, JCS string escapes only, and integers of at most 15 digits
 * (printed by ECMAScript as written). Escaped keys, other numbers and escaped surrogates give false.
 */
export function isCanonicalJsonText(text: string): boolean {
  // The previous key of each open object, as its range in `text` (start -1: none yet); keys hold no
  // escapes here, so the range is the key, compared in place rather than sliced out.
  const lastKeyStart: number[] = [];
  const lastKeyEnd: number[] = [];
  const isObject: boolean[] = [];
  let depth = 0;
  let expectKey = false;
  const n = text.length;
  // The next backslash at or after some position (n when none): a string that ends before it has no
  // escape, so its closing quote is found by indexOf (valid JSON holds no raw quote inside a string)
  // instead of char by char; strings are most of a record's text.
  let backslashAt = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let escaped = false;
      if (backslashAt < start) {
        backslashAt = text.indexOf('\\', start);
        if (backslashAt < 0) backslashAt = n;
      }
      const close = text.indexOf('"', start);
      if (close >= 0 && close < backslashAt) {
        i = close;
      } else {
        for (i++; i < n; i++) {
          const d = text.charCodeAt(i);
          if (d === QUOTE) break;
          if (d !== BACKSLASH) continue;
          escaped = true;
          const e = text.charCodeAt(++i);
          if (e === 0x75) {
            if (text.charCodeAt(i + 1) !== 0x30 || text.charCodeAt(i + 2) !== 0x30) return false;
            const high = lowerHexDigit(text.charCodeAt(i + 3));
            const low = lowerHexDigit(text.charCodeAt(i + 4));
            if (high < 0 || low < 0 || !needsUnicodeEscape(high * 16 + low)) return false;
            i += 4;
          } else if (
            e !== QUOTE &&
            e !== BACKSLASH &&
            e !== 0x62 &&
            e !== 0x66 &&
            e !== 0x6e &&
            e !== 0x72 &&
            e !== 0x74
          ) {
            return false;
          }
        }
      }
      if (expectKey) {
        if (escaped) return false;
        const previous = lastKeyStart[depth];
        if (previous >= 0 && !rangeBefore(text, previous, lastKeyEnd[depth], start, i)) return false;
        lastKeyStart[depth] = start;
        lastKeyEnd[depth] = i;
        expectKey = false;
      }
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const negative = c === 0x2d;
      const first = negative ? i + 1 : i;
      let end = first;
      while (end < n && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
      const digits = end - first;
      const next = end < n ? text.charCodeAt(end) : 0;
      if (digits > 15 || next === 0x2e || next === 0x65 || next === 0x45) return false;
      if (negative && text.charCodeAt(first) === 0x30) return false; // -0 prints as 0
      i = end - 1;
      continue;
    }
    switch (c) {
      case 0x7b: // {
        depth++;
        isObject[depth] = true;
        lastKeyStart[depth] = -1;
        expectKey = true;
        break;
      case 0x5b: // [
        depth++;
        isObject[depth] = false;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        depth--;
        expectKey = false;
        break;
      case 0x2c: // ,
        expectKey = isObject[depth];
        break;
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        return false;
      default:
        // ':' and the letters of true, false and null.
        break;
    }
  }
  return true;
}
