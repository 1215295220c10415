// Sigma detection conditions: and, or, not, parentheses, `1 of`/`N of`/`all of` over selection
// names with wildcards or `them`. Parsed to a tree of predicates; nothing from the rule is evaluated.
import { RuleProblem } from './modifiers';
import type { EventMatcher } from './types';
import { and, or, prefilterOf, withPrefilter } from './prefilter';
import { nameMatcher } from './wildcard';

type Token = { kind: 'word'; text: string } | { kind: '(' } | { kind: ')' };

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < condition.length && (m = re.exec(condition))) {
    if (m[1]) tokens.push({ kind: '(' });
    else if (m[2]) tokens.push({ kind: ')' });
    else if (m[3]) tokens.push({ kind: 'word', text: m[3] });
    if (m[0].length === 0) break;
  }
  if (condition.slice(re.lastIndex).trim() !== '')
    throw new RuleProblem(`cannot read the condition at "${condition.slice(re.lastIndex)}"`);
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all']);

/**
 * Compiles a condition over named selections. `used` collects the selection names it refers to,
 * so the loader can warn about none.
 */
export function compileCondition(condition: string, selections: Map<string, EventMatcher>): EventMatcher {
  const tokens = tokenize(condition);
  if (tokens.length === 0) throw new RuleProblem('the condition is empty');
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (t: Token | undefined) => (t && t.kind === 'word' ? t.text.toLowerCase() : null);

  const names = (pattern: string): EventMatcher[] => {
    if (pattern === 'them') return [...selections.entries()].filter(([n]) => !n.startsWith('_')).map(([, f]) => f);
    if (pattern.includes('*')) {
      const matches = nameMatcher(pattern);
      const found = [...selections.entries()].filter(([n]) => matches(n)).map(([, f]) => f);
      if (found.length === 0) throw new RuleProblem(`"${pattern}" in the condition names no selection`);
      return found;
    }
    const f = selections.get(pattern);
    if (!f) throw new RuleProblem(`the condition names "${pattern}", which is not a selection of this rule`);
    return [f];
  };

  const primary = (): EventMatcher => {
    const t = peek();
    if (!t) throw new RuleProblem('the condition ends where a selection was expected');
    if (t.kind === '(') {
      pos++;
      const inner = orExpr();
      if (peek()?.kind !== ')') throw new RuleProblem('a ( in the condition is not closed');
      pos++;
      return inner;
    }
    if (t.kind === ')') throw new RuleProblem('a ) in the condition has no matching (');
    const w = t.text.toLowerCase();
    if (w === 'not') {
      pos++;
      const inner = primary();
      return (ev) => !inner(ev); // no plan: a plan may only be wider than the rule
    }
    if (w === 'all' || /^\d+$/.test(w) || w === 'any') {
      const next = tokens[pos + 1];
      if (word(next) !== 'of') throw new RuleProblem(`"${t.text}" must be followed by "of"`);
      const target = tokens[pos + 2];
      if (!target || target.kind !== 'word') throw new RuleProblem(`"${t.text} of" must name selections or "them"`);
      pos += 3;
      const fs = names(target.text === 'them' ? 'them' : target.text);
      if (w === 'all') return withPrefilter((ev) => fs.every((f) => f(ev)), and(fs.map(prefilterOf)));
      const n = w === 'any' ? 1 : Number(w);
      if (n < 1) throw new RuleProblem(`"${t.text} of" needs a count of 1 or more`);
      return withPrefilter(
        (ev) => {
          let c = 0;
          for (const f of fs) if (f(ev) && ++c >= n) return true;
          return false;
        },
        or(fs.map(prefilterOf)),
      );
    }
    if (KEYWORDS.has(w)) throw new RuleProblem(`"${t.text}" where a selection was expected`);
    if (t.text.includes('|'))
      throw new RuleProblem(
        `"${t.text}": pipes in conditions (aggregations) are obsolete Sigma; write a correlation rule`,
      );
    pos++;
    const [f] = names(t.text);
    return f;
  };

  const andExpr = (): EventMatcher => {
    const parts = [primary()];
    while (word(peek()) === 'and') {
      pos++;
      parts.push(primary());
    }
    return parts.length === 1
      ? parts[0]
      : withPrefilter((ev) => parts.every((f) => f(ev)), and(parts.map(prefilterOf)));
  };

  const orExpr = (): EventMatcher => {
    const parts = [andExpr()];
    while (word(peek()) === 'or') {
      pos++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0] : withPrefilter((ev) => parts.some((f) => f(ev)), or(parts.map(prefilterOf)));
  };

  const result = orExpr();
  if (pos < tokens.length) {
    const t = tokens[pos];
    if (t.kind === 'word' && t.text.startsWith('|'))
      throw new RuleProblem(
        'pipes in conditions (aggregations such as | count()) are obsolete Sigma; write a correlation rule',
      );
    throw new RuleProblem(`unexpected ${t.kind === 'word' ? `"${t.text}"` : t.kind} in the condition`);
  }
  return result;
}
