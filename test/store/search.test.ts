import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../electron/store/search';

describe('keyword search syntax', () => {
  it('quotes bare words so identifiers with punctuation search as phrases', () => {
    expect(toFtsQuery('req-7f3a')).toBe('"req-7f3a"');
    expect(toFtsQuery('release/app-4.2.1.msi')).toBe('"release/app-4.2.1.msi"');
  });

  it('joins adjacent terms with AND', () => {
    expect(toFtsQuery('alice denied')).toBe('"alice" AND "denied"');
  });

  it('keeps phrases, prefixes and the AND / OR / NOT operators', () => {
    expect(toFtsQuery('"policy violation" OR KEY_*')).toBe('"policy violation" OR "KEY_"*');
    expect(toFtsQuery('signing NOT alice')).toBe('"signing" NOT "alice"');
    expect(toFtsQuery('(alice OR bob) denied')).toBe('( "alice" OR "bob" ) AND "denied"');
  });

  it('returns null for an empty search', () => {
    expect(toFtsQuery('   ')).toBeNull();
  });

  it.each([
    ['NOT alice', /needs a term before it/],
    ['alice OR', /ends with an operator/],
    ['(alice', /not closed/],
    ['alice)', /no matching/],
    ['"unclosed', /not closed/],
    ['*', /lone \*/],
  ])('explains a query it cannot run: %s', (input, message) => {
    expect(() => toFtsQuery(input)).toThrow(message);
  });
});
