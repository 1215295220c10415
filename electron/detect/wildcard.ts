// Sigma string values: `*` and `?` wildcards, `\` escapes, case-insensitive unless `cased`.
// Matched by a linear scan over the text, never through a regular expression: a rule value such
// as `*a*a*a*b` cannot make the run backtrack (see docs/detections.md, "Hostile rules").

export type StringMode = 'exact' | 'contains' | 'startswith' | 'endswith';

/** Field text longer than this is matched on its first MAX_FIELD_TEXT characters only. */
export const MAX_FIELD_TEXT = 65_536;

interface Piece {
  literal: string;
  /** Wildcard after the literal: '*', '?' or none. */
  wild: '*' | '?' | '';
}

/** Splits a Sigma value into literals and wildcards: `\*`, `\?` and `\\` are literal characters. */
function pieces(value: string): Piece[] {
  const out: Piece[] = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1])) {
      literal += value[++i];
    } else if (ch === '*' || ch === '?') {
      out.push({ literal, wild: ch });
      literal = '';
    } else {
      literal += ch;
    }
  }
  out.push({ literal, wild: '' });
  return out;
}

/**
 * A segment between two `*`: its characters, with ANY for a `?` (one UTF-16 unit, as a regular
 * expression's `.` with the s flag would match).
 */
type Segment = (string | typeof ANY)[];
const ANY = Symbol('any character');

/** The value as segments separated by `*`: [first, ...middle, last]; `exact` when there is no `*`. */
function segments(value: string, fold: (s: string) => string): Segment[] {
  const out: Segment[] = [[]];
  for (const p of pieces(value)) {
    out[out.length - 1].push(...fold(p.literal));
    if (p.wild === '?') out[out.length - 1].push(ANY);
    else if (p.wild === '*') out.push([]);
  }
  return out;
}

function matchesAt(text: string, at: number, seg: Segment): boolean {
  if (at < 0 || at + seg.length > text.length) return false;
  for (let j = 0; j < seg.length; j++) if (seg[j] !== ANY && seg[j] !== text[at + j]) return false;
  return true;
}

/** The first position >= from where the segment matches, or -1. */
function find(text: string, from: number, seg: Segment): number {
  if (!seg.includes(ANY)) return text.indexOf((seg as string[]).join(''), from);
  for (let i = from; i + seg.length <= text.length; i++) if (matchesAt(text, i, seg)) return i;
  return -1;
}

/**
 * Glob match of text against `first*mid1*…*last`: the first segment anchored at the start, the
 * last at the end, each middle segment at its leftmost place after the previous one (taking the
 * leftmost place never loses a match), so the work is bounded by text length × pattern length.
 */
export function globMatch(text: string, segs: Segment[]): boolean {
  if (segs.length === 1) return segs[0].length === text.length && matchesAt(text, 0, segs[0]);
  const first = segs[0];
  const last = segs[segs.length - 1];
  if (first.length + last.length > text.length) return false;
  if (!matchesAt(text, 0, first) || !matchesAt(text, text.length - last.length, last)) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (let k = 1; k < segs.length - 1; k++) {
    const at = find(text, pos, segs[k]);
    if (at < 0 || at + segs[k].length > end) return false;
    pos = at + segs[k].length;
  }
  return true;
}

const capped = (t: string) => (t.length > MAX_FIELD_TEXT ? t.slice(0, MAX_FIELD_TEXT) : t);

/** A predicate over field text for one rule value. */
export function stringMatcher(value: string, mode: StringMode, cased: boolean): (text: string) => boolean {
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  const segs = segments(value, fold);
  if (mode === 'contains' || mode === 'endswith') segs.unshift([]);
  if (mode === 'contains' || mode === 'startswith') segs.push([]);
  return (t) => globMatch(fold(capped(t)), segs);
}

/** Glob over names (selection names in conditions): `*` only, case-sensitive. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  const segs: Segment[] = pattern.split('*').map((s) => [...s]);
  return (name) => globMatch(name, segs);
}

/** The value with its escapes resolved, for use where wildcards have no meaning (fieldref, keywords' index). */
export function literalWords(value: string): string[] {
  return pieces(value)
    .map((p) => p.literal)
    .filter((s) => s.length > 0);
}

/** The value's literal text when it holds no wildcard, else null (for SQL equality and ranges). */
export function plainValue(value: string): string | null {
  const ps = pieces(value);
  return ps.length === 1 ? ps[0].literal : null;
}
