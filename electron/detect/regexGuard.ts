// Regular expressions come from rule files: refuse the shapes that backtrack catastrophically and
// bound the text they run over, so one rule cannot hang a run.

/** Text longer than this is matched on its first MAX_REGEX_INPUT characters only. */
export const MAX_REGEX_INPUT = 16_384;
const MAX_PATTERN = 1_000;

/** Null when the pattern is acceptable; otherwise why it is refused. */
export function checkRegexSafety(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN) return `regular expression longer than ${MAX_PATTERN} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'regular expression uses a backreference, which can take exponential time';
  // A quantified group that itself contains a quantifier or an alternation: (a+)+, (a|aa)*, (x*y?){2,}.
  const stack: { inner: boolean; alt: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(pattern, i);
      i = end;
      if (isQuantifier(pattern, i + 1) && stack.length) stack[stack.length - 1].inner = true;
      continue;
    }
    if (ch === '(') stack.push({ inner: false, alt: false });
    else if (ch === '|' && stack.length) stack[stack.length - 1].alt = true;
    else if (ch === ')') {
      const group = stack.pop();
      if (!group) continue;
      const quantified = isQuantifier(pattern, i + 1);
      if (quantified && (group.inner || group.alt))
        return 'regular expression nests a repeated group inside a repetition (such as (a+)+ or (a|b)*), which can take exponential time';
      if ((quantified || group.inner) && stack.length) stack[stack.length - 1].inner = true;
    } else if (isQuantifier(pattern, i) && stack.length) stack[stack.length - 1].inner = true;
  }
  return null;
}

function classEnd(p: string, start: number): number {
  for (let i = start + 1; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']' && i > start + 1) return i;
  }
  return p.length;
}

function isQuantifier(p: string, i: number): boolean {
  const ch = p[i];
  if (ch === '*' || ch === '+') return true;
  if (ch === '{') return /^\{\d+(,\d*)?\}/.test(p.slice(i));
  return false;
}

export function safeTest(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text);
}
