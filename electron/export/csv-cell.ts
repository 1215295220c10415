// One CSV cell: RFC 4180 quoting plus OWASP CSV-injection neutralisation. The rule is
// reversible so SignTrail's own exports re-import to the same events (docs/export.md).

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** A value that starts with a trigger, after any number of single quotes, gets one more quote. */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function neutraliseFormula(value: string): string {
  return NEEDS_GUARD.test(value) ? "'" + value : value;
}

/** The importer's inverse, for files with SignTrail's own export header only. */
export function restoreFormula(cell: string): string {
  return cell.charCodeAt(0) === 39 && NEEDS_GUARD.test(cell) ? cell.slice(1) : cell;
}

export function csvCell(value: string): string {
  if (value === '') return '';
  const first = value.charCodeAt(0);
  // Fast path: only a leading quote or trigger (all below 0x41 '@' + 1) can need the guard.
  const guarded = first <= 64 && NEEDS_GUARD.test(value);
  const text = guarded ? "'" + value : value;
  if (guarded || NEEDS_QUOTES.test(text)) return '"' + text.replace(/"/g, '""') + '"';
  return text;
}
