// JSON.parse, but refusing what it would silently change: integers beyond ±2^53 that a double
// cannot hold exactly (rounded),
// numbers beyond the double range (Infinity) and duplicate member names (the last one wins).
// Fast path: JSON.parse, one char loop over numbers and colons, and a key count of the result;
// only text that looks suspect is walked again, slowly, to name the offending member.

export type JsonPath = (string | number)[];

/** Valid JSON that cannot be imported as it stands; `path` leads to the offending member. */
export class StrictJsonProblem extends Error {
  override name = 'StrictJsonProblem';
  constructor(
    readonly kind: 'duplicate' | 'number' | 'nesting',
    readonly problem: string,
    readonly path: JsonPath,
  ) {
    super(path.length ? `${pathText(path)}: ${problem}` : problem);
  }
}

/** A path as people read it: `details.list[2].n`. */
export function pathText(path: JsonPath): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out === '' ? step : `.${step}`;
  return out;
}

/** Parses JSON text; throws SyntaxError for invalid JSON and StrictJsonProblem for the cases above. */
export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const members = countMembers(value, 0); // first: it bounds the nesting the slow pass may recurse into
  const colons = scanForSuspects(text);
  if (colons < 0 || colons !== members) {
    new Locator(text).locate();
    throw new Error('strict JSON check found a suspect it cannot locate'); // unreachable if the two passes agree
  }
  return value;
}

/** Deeper values would overflow the stack of the recursive steps after parsing (canonical JSON). */
const MAX_DEPTH = 1000;

const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER); // 16 digits

/** Colons outside strings (one per member), or -1 when a number token is suspect. Text is valid JSON. */
function scanForSuspects(text: string): number {
  const n = text.length;
  let colons = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let q = text.indexOf('"', i + 1);
      while (isEscaped(text, q)) q = text.indexOf('"', q + 1);
      i = q;
    } else if (c === 58 /* : */) colons++;
    else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let end = i + 1;
      let exponent = false;
      for (; end < n; end++) {
        const d = text.charCodeAt(end);
        if (d === 101 || d === 69) exponent = true;
        else if (!((d >= 48 && d <= 57) || d === 46 || d === 43 || d === 45)) break;
      }
      // Integers up to 15 digits and floats without exponent under 16 chars are always exact and finite.
      if ((exponent || end - i >= 16) && numberProblem(text.slice(i, end)) !== null) return -1;
      i = end - 1;
    }
  }
  return colons;
}

function isEscaped(text: string, quote: number): boolean {
  let b = quote - 1;
  while (text.charCodeAt(b) === 92 /* \ */) b--;
  return (quote - 1 - b) % 2 === 1;
}

function numberEnd(text: string, start: number): number {
  let j = start + 1;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) break;
  }
  return j;
}

/** Why a number token cannot be imported as written, or null. */
function numberProblem(token: string): string | null {
  const digits = token.charCodeAt(0) === 45 ? token.slice(1) : token;
  if (/^\d+$/.test(digits)) {
    if (digits.length < 16 || (digits.length === 16 && digits <= MAX_SAFE_DIGITS)) return null;
    // A longer integer that a double holds exactly and JCS writes back digit for digit (1e20 is
    // stored as 100000000000000000000) changes nothing: SignTrail's own exports hold such numbers.
    if (String(Number(token)) === token) return null;
    return `the number ${short(token)} cannot be represented exactly (integers beyond ±2^53); quote it as a string`;
  }
  if (Number.isFinite(Number(token))) return null; // a float: an IEEE double, as JCS requires
  return `the number ${short(token)} is beyond the range of a double (about ±1.8e308); quote it as a string`;
}

function short(token: string): string {
  return token.length > 40 ? token.slice(0, 37) + '...' : token;
}

/** Members in all objects of a parsed value; fewer than the text's colons means a name repeated. */
function countMembers(value: unknown, depth: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (depth === MAX_DEPTH) {
    throw new StrictJsonProblem('nesting', `the value nests deeper than ${MAX_DEPTH} levels`, []);
  }
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') count += countMembers(item, depth + 1);
    }
    return count;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    count++;
    const member = obj[key];
    if (member !== null && typeof member === 'object') count += countMembers(member, depth + 1);
  }
  return count;
}

/** The slow pass over valid JSON text: walks it with a path and throws at the first problem. */
class Locator {
  private i = 0;
  private readonly path: JsonPath = [];

  constructor(private readonly text: string) {}

  locate(): void {
    this.value();
  }

  private value(): void {
    this.skipSpace();
    const c = this.text.charCodeAt(this.i);
    if (c === 123 /* { */) this.object();
    else if (c === 91 /* [ */) this.array();
    else if (c === 34) this.string();
    else if (c === 45 || (c >= 48 && c <= 57)) {
      const end = numberEnd(this.text, this.i);
      const problem = numberProblem(this.text.slice(this.i, end));
      if (problem !== null) throw new StrictJsonProblem('number', problem, [...this.path]);
      this.i = end;
    } else {
      while (this.i < this.text.length && /[a-z]/.test(this.text[this.i])) this.i++; // true, false, null
    }
  }

  private object(): void {
    const seen = new Set<string>();
    this.i++;
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.i) === 125 /* } */) break;
      const key = JSON.parse(this.string()) as string;
      this.path.push(key);
      if (seen.has(key)) throw new StrictJsonProblem('duplicate', `member "${key}" appears twice`, [...this.path]);
      seen.add(key);
      this.skipSpace();
      this.i++; // :
      this.value();
      this.path.pop();
      this.skipSpace();
      if (this.text.charCodeAt(this.i) === 44 /* , */) this.i++;
    }
    this.i++;
  }

  private array(): void {
    this.i++;
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text.charCodeAt(this.i) === 93 /* ] */) break;
      this.path.push(index);
      this.value();
      this.path.pop();
      this.skipSpace();
      if (this.text.charCodeAt(this.i) === 44) this.i++;
    }
    this.i++;
  }

  /** Steps over a string token and returns its text, quotes included. */
  private string(): string {
    const start = this.i;
    let q = this.text.indexOf('"', start + 1);
    while (isEscaped(this.text, q)) q = this.text.indexOf('"', q + 1);
    this.i = q + 1;
    return this.text.slice(start, this.i);
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.i++;
    }
  }
}
