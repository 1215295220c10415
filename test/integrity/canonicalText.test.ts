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
];

describe('isCanonicalJsonText', () => {
  it('accepts only text that equals the JCS form of what it parses to', () => {
    const accepted = CASES.filter((text) => isCanonicalJsonText(text));
    const wronglyAccepted = accepted.filter((text) => canonicalize(JSON.parse(text)) !== text);
    expect(wronglyAccepted).toEqual([]);
    // Not vacuous: the fast path does accept canonical text of every shape here.
    expect(accepted).toEqual(
      expect.arrayContaining(['{"a":1,"b":2}', '{"a":"\\n"}', '{"10":1,"9":2}', '[{"b":1},{"a":1}]', '{"z":1,"é":2}']),
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
