// The scan's hex Merkle block must give exactly the roots and frontiers of MerkleAccumulator (the
// tree checkpoints are signed over), for every size, and fall back to the same bytes for a stored
// leaf of another length (a hand-edited file).
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HexMerkleBlock } from '../../electron/integrity/hexMerkle';
import { MerkleAccumulator } from '../../electron/integrity/merkle';

const leaf = (i: number): Buffer => crypto.hash('sha256', `leaf ${i}`, 'buffer') as unknown as Buffer;

describe('HexMerkleBlock', () => {
  it('gives the same root, frontier and levels as MerkleAccumulator at every size up to 130', () => {
    const hex = new HexMerkleBlock();
    const ref = new MerkleAccumulator();
    expect(hex.root()).toEqual(ref.root());
    for (let i = 0; i < 130; i++) {
      hex.push(leaf(i).toString('hex'));
      ref.push(leaf(i));
      expect(hex.size).toBe(ref.size);
      expect(hex.root().toString('hex')).toBe(ref.root().toString('hex'));
      expect(hex.frontier().map((b) => b.toString('hex'))).toEqual(ref.frontier().map((b) => b.toString('hex')));
      expect(hex.frontierLevels()).toEqual(ref.frontierLevels());
    }
  });

  it('hashes a leaf of another length as the Buffer path does', () => {
    const odd = [leaf(1), Buffer.from('0a0b0c', 'hex'), leaf(3), leaf(4).subarray(0, 31)];
    const hex = new HexMerkleBlock();
    const ref = new MerkleAccumulator();
    for (const l of odd) {
      hex.push(l.toString('hex'));
      ref.push(l);
      expect(hex.root().toString('hex')).toBe(ref.root().toString('hex'));
    }
  });

  it('changes its root when any one leaf changes', () => {
    const roots = new Set<string>();
    for (let changed = -1; changed < 16; changed++) {
      const hex = new HexMerkleBlock();
      for (let i = 0; i < 16; i++) hex.push(leaf(i === changed ? 1000 + i : i).toString('hex'));
      roots.add(hex.root().toString('hex'));
    }
    expect(roots.size).toBe(17);
  });
});
