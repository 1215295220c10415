// RFC 6962 Merkle Tree Hash, accumulator and proofs against the transparency-dev/merkle vectors.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leafHash, sha256 } from '../../electron/integrity/hash';
import {
  consistencyProof,
  inclusionProof,
  MerkleAccumulator,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../electron/integrity/merkle';

interface Vectors {
  leavesHex: string[];
  emptyRootHex: string;
  rootsHex: string[];
  inclusionProofs: { leaf: number; size: number; proofHex: string[] }[];
  consistencyProofs: { size1: number; size2: number; proofHex: string[] }[];
}
const v = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'rfc6962.json'), 'utf8')) as Vectors;
const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const leaves = v.leavesHex.map((h) => leafHash(hex(h)));
const roots = v.rootsHex.map(hex);

describe('Merkle Tree Hash (RFC 6962 reference vectors)', () => {
  it('root(0) is SHA-256 of the empty string', () => {
    expect(merkleRoot([]).toString('hex')).toBe(v.emptyRootHex);
    expect(new MerkleAccumulator().root().toString('hex')).toBe(v.emptyRootHex);
  });

  it('merkleRoot gives the reference root for every size 1..8', () => {
    for (let n = 1; n <= 8; n++)
      expect(merkleRoot(leaves.slice(0, n)).toString('hex'), `size ${n}`).toBe(v.rootsHex[n - 1]);
  });

  it('the accumulator gives every intermediate root in one pass', () => {
    const acc = new MerkleAccumulator();
    leaves.forEach((leaf, i) => {
      acc.push(leaf);
      expect(acc.size).toBe(i + 1);
      expect(acc.root().equals(roots[i]), `size ${i + 1}`).toBe(true);
    });
  });

  it('the accumulator resumes from its frontier', () => {
    const acc = new MerkleAccumulator();
    leaves.slice(0, 5).forEach((l) => acc.push(l));
    const resumed = MerkleAccumulator.fromFrontier(acc.size, acc.frontier());
    leaves.slice(5).forEach((l) => resumed.push(l));
    expect(resumed.root().equals(roots[7])).toBe(true);
    expect(() => MerkleAccumulator.fromFrontier(5, acc.frontier().slice(1))).toThrow(/needs 2 nodes/);
  });

  it('perfect subtrees pushed whole give the same root as their leaves', () => {
    const many = Array.from({ length: 37 }, (_, i) => sha256(String(i)));
    const acc = new MerkleAccumulator();
    for (let i = 0; i < 32; i += 8) acc.pushSubtree(merkleRoot(many.slice(i, i + 8)), 3);
    many.slice(32).forEach((l) => acc.push(l));
    expect(acc.root().equals(merkleRoot(many))).toBe(true);
    expect(() => acc.pushSubtree(many[0], 2)).toThrow(/cannot start at position 37/);
  });

  it('a clone goes on independently', () => {
    const acc = new MerkleAccumulator();
    leaves.slice(0, 3).forEach((l) => acc.push(l));
    const copy = acc.clone();
    acc.push(leaves[3]);
    expect(copy.root().equals(roots[2])).toBe(true);
    expect(acc.root().equals(roots[3])).toBe(true);
  });

  it('inclusion proofs equal the reference proofs and verify', () => {
    for (const p of v.inclusionProofs) {
      const proof = inclusionProof(leaves.slice(0, p.size), p.leaf - 1);
      expect(
        proof.map((h) => h.toString('hex')),
        `leaf ${p.leaf} of ${p.size}`,
      ).toEqual(p.proofHex);
      expect(verifyInclusion(leaves[p.leaf - 1], p.leaf - 1, p.size, p.proofHex.map(hex), roots[p.size - 1])).toBe(
        true,
      );
    }
  });

  it('inclusion proofs for every leaf of every size verify, and fail for a wrong index, leaf or root', () => {
    for (let n = 1; n <= 8; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves.slice(0, n), i);
        expect(verifyInclusion(leaves[i], i, n, proof, roots[n - 1])).toBe(true);
        if (n > 1) expect(verifyInclusion(leaves[i], (i + 1) % n, n, proof, roots[n - 1])).toBe(false);
        expect(verifyInclusion(sha256('WrongLeaf'), i, n, proof, roots[n - 1])).toBe(false);
        expect(verifyInclusion(leaves[i], i, n, proof, sha256('x'))).toBe(false);
        expect(verifyInclusion(leaves[i], i, n, [...proof, roots[n - 1]], roots[n - 1])).toBe(false);
      }
    }
  });

  it('consistency proofs equal the reference proofs and verify', () => {
    for (const p of v.consistencyProofs) {
      const proof = consistencyProof(leaves, p.size1, p.size2);
      expect(
        proof.map((h) => h.toString('hex')),
        `${p.size1} → ${p.size2}`,
      ).toEqual(p.proofHex);
      expect(verifyConsistency(p.size1, p.size2, p.proofHex.map(hex), roots[p.size1 - 1], roots[p.size2 - 1])).toBe(
        true,
      );
    }
  });

  it('consistency proofs for every pair of sizes verify, and fail against swapped roots or a flipped bit', () => {
    for (let m = 1; m <= 8; m++) {
      for (let n = m; n <= 8; n++) {
        const proof = consistencyProof(leaves, m, n);
        expect(verifyConsistency(m, n, proof, roots[m - 1], roots[n - 1]), `${m} → ${n}`).toBe(true);
        if (m === n) continue;
        expect(verifyConsistency(m, n, proof, roots[n - 1], roots[m - 1])).toBe(false);
        const flipped = proof.map((h) => Buffer.from(h));
        flipped[0][0] ^= 16;
        expect(verifyConsistency(m, n, flipped, roots[m - 1], roots[n - 1])).toBe(false);
      }
    }
  });
});
