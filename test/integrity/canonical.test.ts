// shared/canonical.ts against the RFC 8785 reference vectors (cyberphone/json-canonicalization testdata).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';

const dir = path.join(__dirname, '..', 'vectors', 'jcs');
const names = fs.readdirSync(path.join(dir, 'output')).filter((n) => n.endsWith('.json'));

describe('JCS canonical bytes (RFC 8785 vectors)', () => {
  it('has the reference vectors on disk', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of names) {
    it(`canonicalizes ${name} to the reference bytes`, () => {
      const input = JSON.parse(fs.readFileSync(path.join(dir, 'input', name), 'utf8'));
      const expected = fs.readFileSync(path.join(dir, 'output', name));
      expect(Buffer.from(canonicalize(input), 'utf8').equals(expected)).toBe(true);
    });
  }

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(/cannot represent/);
    expect(() => canonicalize({ a: Number.POSITIVE_INFINITY })).toThrow(/cannot represent/);
  });

  it('serialises numbers in ES2015 shortest round-trip form', () => {
    expect(canonicalize([1e21, 1e-7, -0, 0.1 + 0.2, 2 ** 53 + 2])).toBe(
      '[1e+21,1e-7,0,0.30000000000000004,9007199254740994]',
    );
  });
});
