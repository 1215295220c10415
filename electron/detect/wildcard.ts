// Sigma string values: `*` and `?` wildcards, `\` escapes, case-insensitive unless `cased`.

export type StringMode = 'exact' | 'contains' | 'startswith' | 'endswith';

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

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A predicate over field text for one rule value. */
export function stringMatcher(value: string, mode: StringMode, cased: boolean): (text: string) => boolean {
  const parts = pieces(value);
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  if (parts.length === 1) {
    const needle = fold(parts[0].literal);
    switch (mode) {
      case 'exact':
        return (t) => fold(t) === needle;
      case 'contains':
        return (t) => fold(t).includes(needle);
      case 'startswith':
        return (t) => fold(t).startsWith(needle);
      case 'endswith':
        return (t) => fold(t).endsWith(needle);
    }
  }
  let source = parts.map((p) => escapeRegex(p.literal) + (p.wild === '*' ? '.*' : p.wild === '?' ? '.' : '')).join('');
  if (mode === 'contains' || mode === 'endswith') source = '.*' + source;
  if (mode === 'contains' || mode === 'startswith') source += '.*';
  const re = new RegExp(`^(?:${source})$`, cased ? 's' : 'is');
  return (t) => re.test(t);
}

/** The value with its escapes resolved, for use where wildcards have no meaning (fieldref, keywords' index). */
export function literalWords(value: string): string[] {
  return pieces(value)
    .map((p) => p.literal)
    .filter((s) => s.length > 0);
}
