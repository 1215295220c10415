// Regular expressions come from rule files, which are hostile input. The pattern is parsed (the
// JavaScript syntax V8 runs, Annex B included) and refused when it can backtrack for a long time:
// backreferences, lookarounds, a repetition around something that repeats or branches ((a+)+,
// (x|xx)*), and unbounded repetitions next to each other (.*.*, \d+\d*). Text is capped. What the
// check cannot rule out (polynomial shapes such as a.*b.*c over long text) is caught by the run's
// time limit (detect/runWorker.ts), which stops the rule and names it.

/** Text longer than this is matched on its first MAX_REGEX_INPUT characters only. */
export const MAX_REGEX_INPUT = 4_096;
const MAX_PATTERN = 1_000;
/** Bounded repetitions above this count as unbounded ({1,5000} backtracks like +). */
const LARGE = 64;

type Node =
  | { kind: 'atom'; empty: boolean }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'group'; body: Node }
  | { kind: 'repeat'; body: Node; min: number; max: number };

class Refused extends Error {}

class Parser {
  private i = 0;
  constructor(private p: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.p.length) throw new Refused(`unbalanced ")" at position ${this.i + 1}`);
    return n;
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.p[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const q = this.quantifier();
    if (!q) return atom;
    if (atom.kind === 'atom' && atom.empty)
      throw new Refused(`nothing to repeat before position ${this.i} (an anchor or \\b cannot be repeated)`);
    if (this.p[this.i] === '?') this.i++; // lazy
    if (this.quantifierAt(this.i)) throw new Refused(`two quantifiers in a row at position ${this.i + 1}`);
    return { kind: 'repeat', body: atom, min: q.min, max: q.max };
  }

  private quantifierAt(i: number): { min: number; max: number; length: number } | null {
    const ch = this.p[i];
    if (ch === '*') return { min: 0, max: Infinity, length: 1 };
    if (ch === '+') return { min: 1, max: Infinity, length: 1 };
    if (ch === '?') return { min: 0, max: 1, length: 1 };
    if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(i));
      if (!m) return null; // Annex B: a literal brace
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      return { min, max, length: m[0].length };
    }
    return null;
  }

  private quantifier(): { min: number; max: number } | null {
    const q = this.quantifierAt(this.i);
    if (q) this.i += q.length;
    return q;
  }

  private atom(): Node {
    const p = this.p;
    const ch = p[this.i];
    if (ch === '(') {
      this.i++;
      if (p[this.i] === '?') {
        const head = p.slice(this.i, this.i + 4);
        if (head.startsWith('?:')) this.i += 2;
        else if (head.startsWith('?=') || head.startsWith('?!') || head.startsWith('?<=') || head.startsWith('?<!'))
          throw new Refused(`a lookaround at position ${this.i} is not allowed (it can take exponential time)`);
        else if (head.startsWith('?<')) {
          const m = /^\?<([A-Za-z_$][\w$]*)>/.exec(p.slice(this.i));
          if (!m) throw new Refused(`an unreadable group name at position ${this.i}`);
          this.i += m[0].length;
        } else throw new Refused(`an unsupported group "(${head}" at position ${this.i}`);
      }
      const body = this.alternation();
      if (p[this.i] !== ')') throw new Refused(`a group opened is never closed`);
      this.i++;
      return { kind: 'group', body };
    }
    if (ch === '[') {
      this.klass();
      return { kind: 'atom', empty: false };
    }
    if (ch === '^' || ch === '$') {
      this.i++;
      return { kind: 'atom', empty: true };
    }
    if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && this.quantifierAt(this.i)))
      throw new Refused(`nothing to repeat at position ${this.i + 1}`);
    if (ch === '\\') return this.escape();
    this.i++;
    return { kind: 'atom', empty: false };
  }

  private escape(): Node {
    const next = this.p[this.i + 1];
    if (next === undefined) throw new Refused('the pattern ends with a lone backslash');
    if (/[1-9]/.test(next) || next === 'k')
      throw new Refused(`a backreference at position ${this.i + 1} is not allowed (it can take exponential time)`);
    this.i += 2;
    if (next === 'b' || next === 'B') return { kind: 'atom', empty: true };
    if (next === 'x') this.i += /^[0-9a-fA-F]{2}/.test(this.p.slice(this.i)) ? 2 : 0;
    else if (next === 'u') this.i += /^[0-9a-fA-F]{4}/.test(this.p.slice(this.i)) ? 4 : 0;
    else if (next === 'c') this.i += /^[A-Za-z]/.test(this.p.slice(this.i)) ? 1 : 0;
    return { kind: 'atom', empty: false };
  }

  /** A character class, JavaScript's way: `]` right after `[` or `[^` closes it (an empty class). */
  private klass(): void {
    const p = this.p;
    this.i++;
    if (p[this.i] === '^') this.i++;
    while (this.i < p.length && p[this.i] !== ']') {
      if (p[this.i] === '\\') {
        if (p[this.i + 1] === undefined) break;
        this.i += 2;
      } else this.i++;
    }
    if (p[this.i] !== ']') throw new Refused('a character class "[" is never closed');
    this.i++;
  }
}

const repeats = (n: Node): boolean => n.kind === 'repeat' && n.max > 1;
const unbounded = (n: Node): boolean => n.kind === 'repeat' && n.max > LARGE;

/** Can the node match the empty string? */
function canBeEmpty(n: Node): boolean {
  switch (n.kind) {
    case 'atom':
      return n.empty;
    case 'seq':
      return n.items.every(canBeEmpty);
    case 'alt':
      return n.branches.some(canBeEmpty);
    case 'group':
      return canBeEmpty(n.body);
    case 'repeat':
      return n.min === 0 || canBeEmpty(n.body);
  }
}

/** Does the node hold a repetition or an alternation anywhere inside? */
function ambiguous(n: Node): boolean {
  switch (n.kind) {
    case 'atom':
      return false;
    case 'seq':
      return n.items.some(ambiguous);
    case 'alt':
      return n.branches.length > 1;
    case 'group':
      return ambiguous(n.body);
    case 'repeat':
      return repeats(n) || ambiguous(n.body);
  }
}

function check(n: Node): void {
  switch (n.kind) {
    case 'atom':
      return;
    case 'group':
      return check(n.body);
    case 'alt':
      return n.branches.forEach(check);
    case 'repeat':
      if (n.max > 1 && (ambiguous(n.body) || canBeEmpty(n.body)))
        throw new Refused(
          `it nests a repetition or an alternation inside a repetition (such as (a+)+ or (a|b)*), which can take exponential time`,
        );
      return check(n.body);
    case 'seq': {
      n.items.forEach(check);
      // Two unbounded repetitions with only what can match nothing between them: .*.*, \d+\d*.
      let lastUnbounded = false;
      for (const item of n.items) {
        const inner = item.kind === 'group' ? item.body : item;
        if (unbounded(item) || (inner.kind === 'seq' && inner.items.some(unbounded))) {
          if (lastUnbounded)
            throw new Refused(
              `it puts unbounded repetitions next to each other (such as .*.* or \\d+\\d*), which can take polynomial time`,
            );
          lastUnbounded = true;
        } else if (!canBeEmpty(item)) lastUnbounded = false;
      }
      return;
    }
  }
}

/** Null when the pattern is acceptable; otherwise why it is refused. */
export function checkRegexSafety(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN) return `regular expression longer than ${MAX_PATTERN} characters`;
  try {
    check(new Parser(pattern).parse());
    return null;
  } catch (err) {
    if (err instanceof Refused) return `regular expression refused: ${err.message}`;
    throw err;
  }
}

export function safeTest(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text);
}
