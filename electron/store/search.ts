// Turns what a user types in the Search box into an FTS5 query that cannot fail to parse
// for reasons the user did not cause: bare terms are quoted, so request IDs such as
// `req-7f3a` or artifact paths are searched as phrases instead of breaking the syntax.

/** A filter value the store cannot use (a time that is not a date-time, a seq not in the store). */
export class FilterError extends Error {
  override name = 'FilterError';
}

export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError';
}

const OPERATORS = new Set(['AND', 'OR', 'NOT']);

type Token =
  { kind: 'term'; text: string; prefix: boolean } | { kind: 'op'; text: string } | { kind: 'paren'; text: '(' | ')' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', text: ch });
      i++;
    } else if (ch === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0)
        throw new SearchSyntaxError(`Search: the quote at position ${i + 1} is not closed. Add a closing ".`);
      const text = input.slice(i + 1, end);
      const prefix = input[end + 1] === '*';
      if (text.trim()) tokens.push({ kind: 'term', text, prefix });
      i = end + 1 + (prefix ? 1 : 0);
    } else {
      let j = i;
      while (j < input.length && !/[\s()"]/.test(input[j])) j++;
      const word = input.slice(i, j);
      i = j;
      if (OPERATORS.has(word)) tokens.push({ kind: 'op', text: word });
      else {
        const prefix = word.endsWith('*');
        const text = prefix ? word.replace(/\*+$/, '') : word;
        if (!text)
          throw new SearchSyntaxError(
            'Search: a lone * matches nothing. Put it after the start of a word, e.g. KEY_*.',
          );
        tokens.push({ kind: 'term', text, prefix });
      }
    }
  }
  return tokens;
}

function quote(term: string): string {
  return '"' + term.replace(/"/g, '""') + '"';
}

/**
 * Returns an FTS5 MATCH expression, or null for an empty search.
 * Words, "phrases", prefix*, AND / OR / NOT (binary) and parentheses; adjacent terms mean AND.
 */
export function toFtsQuery(input: string): string | null {
  const tokens = tokenize(input);
  if (tokens.length === 0) return null;
  const out: string[] = [];
  let depth = 0;
  let expectOperand = true;
  for (const token of tokens) {
    if (token.kind === 'term') {
      if (!expectOperand) out.push('AND');
      out.push(quote(token.text) + (token.prefix ? '*' : ''));
      expectOperand = false;
    } else if (token.kind === 'op') {
      if (expectOperand) {
        throw new SearchSyntaxError(
          `Search: ${token.text} needs a term before it${token.text === 'NOT' ? ' (write "a NOT b": NOT excludes b from a)' : ''}.`,
        );
      }
      out.push(token.text);
      expectOperand = true;
    } else if (token.text === '(') {
      if (!expectOperand) out.push('AND');
      out.push('(');
      depth++;
      expectOperand = true;
    } else {
      if (depth === 0) throw new SearchSyntaxError('Search: a ) has no matching (.');
      if (expectOperand) throw new SearchSyntaxError('Search: a group or operator is empty before ).');
      out.push(')');
      depth--;
    }
  }
  if (expectOperand)
    throw new SearchSyntaxError(`Search: "${input.trim()}" ends with an operator; add a term after it.`);
  if (depth > 0) throw new SearchSyntaxError('Search: a ( is not closed.');
  return out.join(' ');
}
