// The verifier's fast canonical-form check must never accept text that is not RFC 8785 JCS:
// each case is judged against shared/canonical.ts, the reference.
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import { isCanonicalJsonText } from '../../electron/integrity/canonicalText';

const CASES = [
  '{"a":1,"b":2}',
  '{"b":1,"a":2}',
  '{"a":1,"a":2}',
  '{"a": 1}',
  '{"a":1.5}',
  '{"a":-0}',
  '{"a":1e5}',
  '{"a":"\\u0041"}',
  '{"a":"\\/"}',
  '{"a":"\\u001f"}',
  '{"a":"\\u001F"}',
  '{"a":"\\u000a"}',
  '{"a":"\\n"}',
  '{"a":[{"b":1,"a":2}]}',
  '{"a":{"z":1},"b":{"a":1,"b":[1,{"y":0,"x":1}]}}',
  '{"10":1,"9":2}',
  '{"9":1,"10":2}',
  '{"a":1234567890123456}',
  '{"a":123456789012345}',
  '{"\\u00e9":1}',
  '{"é":1,"z":2}',
  '{"z":1,"é":2}',
  '{"a":"\\ud800"}',
  '{"a":[1,2,"x"],"b":null,"c":true,"d":false}',
  '[{"b":1},{"a":1}]',
  '{"a":"x\\"y"}',
  '{"a":{},"b":[]}',
  '{"b":{"c":1},"a":2}',
  // Keys compared in place (no slice): a key that is a prefix of the next, equal prefixes, keys
  // after a nested object, and UTF-16 order (an astral character's high surrogate sorts below U+FFFF).
  '{"a":1,"ab":2}',
  '{"ab":1,"a":2}',
  '{"ab":1,"ab":2}',
  '{"abc":1,"abd":2}',
  '{"abd":1,"abc":2}',
  '{"a":{"z":1},"b":2}',
  '{"b":{"a":1},"a":2}',
  '{"b":{"a":1},"c":{"a":1}}',
  '{"😀":1,"\uffff":2}',
  '{"\uffff":1,"😀":2}',
  '{"😀":1,"😁":2}',
  '{"😁":1,"😀":2}',
];

describe('isCanonicalJsonText', () => {
  it('accepts only text that equals the JCS form of what it parses to', () => {
    const accepted = CASES.filter((text) => isCanonicalJsonText(text));
    const wronglyAccepted = accepted.filter((text) => canonicalize(JSON.parse(text)) !== text);
    expect(wronglyAccepted).toEqual([]);
    // Not vacuous: the fast path does accept canonical text of every shape here.
    expect(accepted).toEqual(
      expect.arrayContaining([
        '{"a":1,"b":2}',
        '{"a":"\\n"}',
        '{"10":1,"9":2}',
        '[{"b":1},{"a":1}]',
        '{"z":1,"é":2}',
        '{"a":1,"ab":2}',
        '{"b":{"a":1},"c":{"a":1}}',
        '{"😀":1,"😁":2}',
      ]),
    );
  });

  it('accepts the common canonical record, so the fast path is taken', () => {
    const text = canonicalize({
      action: 'A',
      details: { n: -5, list: [1, 'x', null, true], s: 'line\nbreak' },
      id: 'e',
    });
    expect(isCanonicalJsonText(text)).toBe(true);
  });

  it('rejects unsorted members at any depth, whitespace and non-JCS escapes or numbers', () => {
    for (const text of [
      '{"b":1,"a":2}',
      '{"a":[{"b":1,"a":2}]}',
      '{"a": 1}',
      '{"a":"\\/"}',
      '{"a":"\\u000a"}',
      '{"a":-0}',
      '{"a":1e5}',
    ]) {
      expect(isCanonicalJsonText(text)).toBe(false);
    }
  });
});

describe('isCanonicalJsonText on generated objects', () => {
  // Keys from a small alphabet (so prefixes and shared starts are common), with non-ASCII and
  // astral characters; each object written canonically and with its members shuffled.
  const alphabet = ['a', 'b', 'ab', 'é', '😀', '\uffff', 'a😀', '1', '10'];
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const key = (): string => Array.from({ length: 1 + random(3) }, () => alphabet[random(alphabet.length)]).join('');
  // Values also hold what JCS escapes (quote, backslash, control characters), before, between and
  // after strings without escapes, so both the indexOf jump and the escape loop are taken.
  const texts = [...alphabet, '"', '\\', '\n', '\u0001', '\u001f', 'x"y', 'a\\b'];
  const text = (): string => Array.from({ length: random(4) }, () => texts[random(texts.length)]).join('');
  const value = (depth: number): unknown => {
    const pick = random(depth > 2 ? 3 : 5);
    if (pick === 0) return random(1000) - 500;
    if (pick === 1) return text();
    if (pick === 2) return null;
    if (pick === 3) return Array.from({ length: random(3) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = random(5); i > 0; i--) o[key()] = value(depth + 1);
    return o;
  };
  const shuffled = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return '[' + v.map(shuffled).join(',') + ']';
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return '{' + entries.map(([k, x]) => JSON.stringify(k) + ':' + shuffled(x)).join(',') + '}';
  };

  it('accepts every canonical text and never a shuffled one that is not canonical', () => {
    let rejectedShuffles = 0;
    for (let i = 0; i < 3000; i++) {
      const v = value(0);
      const canonical = canonicalize(v as never);
      expect(isCanonicalJsonText(canonical)).toBe(true);
      const text = shuffled(v);
      const accepted = isCanonicalJsonText(text);
      expect(accepted && text !== canonical).toBe(false);
      if (!accepted) rejectedShuffles++;
    }
    expect(rejectedShuffles).toBeGreaterThan(100);
  });
});
