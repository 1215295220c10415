import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalizeRecord } from '../../shared/canonical';
import { generateDemoEvents } from '../../electron/demo/generate';
import { record } from '../helpers/records';

describe('the fast record canonicalizer', () => {
  it('writes the same bytes as generic JCS for every demo record', () => {
    for (const r of generateDemoEvents({ count: 3000, seed: 7 }))
      expect(canonicalizeRecord(r)).toBe(canonicalize(r as never));
  });

  it('writes the same bytes for names, escapes and non-ASCII members', () => {
    const r = record({
      entity: { type: 'Certificate', id: 'cert-\u00e9\u20ac', name: 'line\nbreak "quoted" \u2028' },
      details: { 'z-key': 1e21, a: [true, null, -0, 0.1], '\u00e9': { b: 'x', A: 'y' }, '': '' },
    });
    expect(canonicalizeRecord(r)).toBe(canonicalize(r as never));
  });
});
