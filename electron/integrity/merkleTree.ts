// RFC 6962 / RFC 9162 proofs over leaves read on demand (from an array, or from a store's rows):
// the perfect subtrees of 2^cacheLevel leaves and above are hashed once, in one pass over the
// leaves, so each inclusion or consistency proof afterwards costs O(log n) lookups plus at most
// a few small blocks re-read, instead of O(n) hashes per proof.
import { EMPTY_ROOT, nodeHash } from './hash';

/** Leaf hashes [from, to) by 0-based position; must return exactly to - from hashes. */
export type LeafReader = (from: number, to: number) => Buffer[];

/** The largest power of two strictly smaller than n (n ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

export class MerkleTree {
  /** levels[i][j]: root of the perfect subtree of 2^(cacheLevel+i) leaves starting at j·2^(cacheLevel+i). */
  private readonly levels: Buffer[][] = [];

  /**
   * Reads every leaf of the first `size` once. `cacheLevel` trades memory (2·size/2^cacheLevel
   * hashes) for re-reading at most 2^cacheLevel leaves per small subtree a proof needs.
   * `blockRoots`, when given, are the roots of the complete blocks of 2^cacheLevel leaves already
   * computed from the same leaves (by verification): no leaf is read to build the tree then.
   */
  constructor(
    readonly size: number,
    private readonly read: LeafReader,
    private readonly cacheLevel = 8,
    blockRoots?: readonly Buffer[],
  ) {
    if (!Number.isSafeInteger(size) || size < 0)
      throw new RangeError(`A tree size must be a whole number, not ${size}.`);
    const block = 2 ** cacheLevel;
    const whole = Math.floor(size / block);
    let bottom: Buffer[] = [];
    if (blockRoots) {
      if (blockRoots.length < whole)
        throw new RangeError(`${blockRoots.length} block roots cannot make a tree of ${size} leaves.`);
      bottom = blockRoots.slice(0, whole);
    } else {
      for (let from = 0; from + block <= size; from += block) {
        bottom.push(this.hashLeaves(read(from, from + block)));
      }
    }
    this.levels.push(bottom);
    while (this.levels[this.levels.length - 1].length > 1) {
      const below = this.levels[this.levels.length - 1];
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) next.push(nodeHash(below[i], below[i + 1]));
      this.levels.push(next);
    }
  }

  /** MTH over a run of leaves that is a perfect subtree (its length a power of two). */
  private hashLeaves(leaves: readonly Buffer[]): Buffer {
    let row = [...leaves];
    while (row.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i], row[i + 1]));
      row = next;
    }
    return Buffer.from(row[0]);
  }

  private perfect(from: number, width: number): Buffer {
    const level = Math.log2(width);
    if (level >= this.cacheLevel) return this.levels[level - this.cacheLevel][from / width];
    return this.hashLeaves(this.read(from, from + width));
  }

  /** MTH(D[from:to]) for a subtree the RFC 6962 recursion reaches (from aligned to its width). */
  subtreeRoot(from: number, to: number): Buffer {
    const n = to - from;
    if (isPowerOfTwo(n) && from % n === 0) return this.perfect(from, n);
    const k = splitPoint(n);
    return nodeHash(this.subtreeRoot(from, from + k), this.subtreeRoot(from + k, to));
  }

  /** root(size) for any size up to the tree's. */
  root(size = this.size): Buffer {
    this.assertSize(size);
    return size === 0 ? EMPTY_ROOT : this.subtreeRoot(0, size);
  }

  leaf(index: number): Buffer {
    return Buffer.from(this.read(index, index + 1)[0]);
  }

  /** PATH(index, D[size]) of RFC 9162 §2.1.3.1; index is 0-based. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.assertSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`Leaf index ${index} is outside a tree of ${size} leaves.`);
    }
    const proof: Buffer[] = [];
    let from = 0;
    let to = size;
    // Walk down from the root; the siblings are collected top-down, the proof lists them bottom-up.
    while (to - from > 1) {
      const k = splitPoint(to - from);
      if (index < from + k) {
        proof.push(this.subtreeRoot(from + k, to));
        to = from + k;
      } else {
        proof.push(this.subtreeRoot(from, from + k));
        from += k;
      }
    }
    return proof.reverse();
  }

  /** PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1. */
  consistencyProof(size1: number, size2 = this.size): Buffer[] {
    this.assertSize(size2);
    if (!Number.isInteger(size1) || size1 < 0 || size1 > size2) {
      throw new RangeError(`No consistency proof from size ${size1} to ${size2}.`);
    }
    if (size1 === 0 || size1 === size2) return [];
    const proof: Buffer[] = [];
    let m = size1;
    let from = 0;
    let to = size2;
    let whole = true;
    while (m !== to - from) {
      const k = splitPoint(to - from);
      if (m <= k) {
        proof.push(this.subtreeRoot(from + k, to));
        to = from + k;
      } else {
        proof.push(this.subtreeRoot(from, from + k));
        m -= k;
        from += k;
        whole = false;
      }
    }
    if (!whole) proof.push(this.subtreeRoot(from, to));
    return proof.reverse();
  }

  private assertSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`Size ${size} is outside a tree of ${this.size} leaves.`);
    }
  }
}

/** A reader over leaf hashes held in memory. */
export function arrayReader(leaves: readonly Uint8Array[]): LeafReader {
  return (from, to) => {
    if (from < 0 || to > leaves.length || from > to) {
      throw new RangeError(`Leaves ${from}..${to} are outside ${leaves.length} leaves.`);
    }
    return leaves.slice(from, to).map((l) => (Buffer.isBuffer(l) ? l : Buffer.from(l)));
  };
}
