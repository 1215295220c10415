// The hashes of integrity.md §3–§4, checked against independently written definitions.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import {
  chainHash,
  EMPTY_ROOT,
  eventIdFor,
  leafHash,
  nodeHash,
  sha256,
  ZERO_CHAIN,
} from '../../electron/integrity/hash';

const ref = (...parts: Uint8Array[]): Buffer => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();

describe('hashes', () => {
  it('leaf(e) is SHA-256 of 0x00 followed by the canonical bytes', () => {
    const canon = Buffer.from('{"a":1}', 'utf8');
    expect(leafHash(canon).equals(ref(Buffer.from([0]), canon))).toBe(true);
  });

  it('leaf hashes of inputs larger than the scratch buffer are still correct', () => {
    const big = crypto.randomBytes(10_000);
    const small = Buffer.from('x');
    expect(leafHash(big).equals(ref(Buffer.from([0]), big))).toBe(true);
    expect(leafHash(small).equals(ref(Buffer.from([0]), small))).toBe(true);
  });

  it('returned hashes are not overwritten by the next call', () => {
    const first = leafHash(Buffer.from('one'));
    const copy = Buffer.from(first);
    leafHash(Buffer.from('two'));
    chainHash(first, first);
    expect(first.equals(copy)).toBe(true);
  });

  it('chain(n) is SHA-256 of 0x02, chain(n-1) and leaf(n); chain(0) is 32 zero bytes', () => {
    expect(ZERO_CHAIN.equals(Buffer.alloc(32))).toBe(true);
    const leaf = leafHash(Buffer.from('{}'));
    expect(chainHash(ZERO_CHAIN, leaf).equals(ref(Buffer.from([2]), ZERO_CHAIN, leaf))).toBe(true);
  });

  it('an interior node is SHA-256 of 0x01, left and right', () => {
    const a = sha256('a');
    const b = sha256('b');
    expect(nodeHash(a, b).equals(ref(Buffer.from([1]), a, b))).toBe(true);
  });

  it('root(0) is the SHA-256 of the empty string', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('an event without a source ID is named by the SHA-256 of its JCS bytes without id', () => {
    const record = { timestamp: '2024-01-01T00:00:00.000000Z', action: 'KEY_GENERATED', details: { é: 1 } };
    const expected = 'sha256:' + ref(Buffer.from(canonicalize(record), 'utf8')).toString('hex');
    expect(eventIdFor(record)).toBe(expected);
    expect(eventIdFor({ ...record, id: 'ignored' })).toBe(expected);
  });
});
