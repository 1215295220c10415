// The RFC 6962 / RFC 9162 Merkle Tree Hash over leaf hashes (integrity.md §5): roots,
// an incremental accumulator for streaming, inclusion and consistency proofs.
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash';
import { arrayReader, MerkleTree } from './merkleTree';

/** MTH(D[n]) over leaf hashes, with root(0) = SHA-256(""). */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  const acc = new MerkleAccumulator();
  for (const leaf of leaves) acc.push(leaf);
  return acc.root();
}

/**
 * The compact range [0, size): one perfect subtree root per set bit of `size`, largest first.
 * push() costs O(1) amortised hashes; root() folds O(log n) nodes; memory is O(log n).
 */
export class MerkleAccumulator {
  private nodes: Buffer[] = [];
  private levels: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(leaf: Uint8Array): void {
    this.pushSubtree(leaf, 0);
  }

  /** Appends a perfect subtree of 2^level leaves; the current size must be a multiple of 2^level. */
  pushSubtree(hash: Uint8Array, level: number): void {
    const width = 2 ** level;
    if (this.count % width !== 0) {
      throw new RangeError(`A subtree of ${width} leaves cannot start at position ${this.count}.`);
    }
    let node = Buffer.isBuffer(hash) ? hash : Buffer.from(hash);
    let at = level;
    while (this.levels.length > 0 && this.levels[this.levels.length - 1] === at) {
      this.levels.pop();
      node = nodeHash(this.nodes.pop() as Buffer, node);
      at++;
    }
    this.nodes.push(node);
    this.levels.push(at);
    this.count += width;
  }

  /** root(size); the accumulator is left unchanged. */
  root(): Buffer {
    const n = this.nodes.length;
    if (n === 0) return EMPTY_ROOT;
    let r = this.nodes[n - 1];
    for (let i = n - 2; i >= 0; i--) r = nodeHash(this.nodes[i], r);
    return n === 1 ? Buffer.from(r) : r;
  }

  /** The perfect subtree roots, largest first: enough to resume appending later. */
  frontier(): Buffer[] {
    return this.nodes.map((n) => Buffer.from(n));
  }

  /** The subtree levels matching frontier(), largest first. */
  frontierLevels(): number[] {
    return [...this.levels];
  }

  clone(): MerkleAccumulator {
    const copy = new MerkleAccumulator();
    copy.nodes = [...this.nodes];
    copy.levels = [...this.levels];
    copy.count = this.count;
    return copy;
  }

  static fromFrontier(size: number, nodes: readonly Uint8Array[]): MerkleAccumulator {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Merkle size ${size} is not a whole number.`);
    const levels: number[] = [];
    for (let level = 52; level >= 0; level--) if (Math.floor(size / 2 ** level) % 2 === 1) levels.push(level);
    if (levels.length !== nodes.length) {
      throw new RangeError(`A Merkle frontier of size ${size} needs ${levels.length} nodes, not ${nodes.length}.`);
    }
    const acc = new MerkleAccumulator();
    acc.nodes = nodes.map((n) => Buffer.from(n));
    acc.levels = levels;
    acc.count = size;
    return acc;
  }
}

/** PATH(index, D[n]) of RFC 9162 §2.1.3.1 over leaves in memory; index is 0-based. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Buffer[] {
  return new MerkleTree(leaves.length, arrayReader(leaves), 0).inclusionProof(index);
}

const isHash = (h: Uint8Array): boolean => h.length === HASH_SIZE;

/** RFC 9162 §2.1.3.2: does `proof` show leaf `index` in the tree of `size` with this root? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index < 0 || index >= size || !isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/** PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1, over the first size2 leaves in memory. */
export function consistencyProof(leaves: readonly Uint8Array[], size1: number, size2 = leaves.length): Buffer[] {
  if (size2 > leaves.length || size1 < 0 || size1 > size2) {
    throw new RangeError(`No consistency proof from size ${size1} to ${size2} over ${leaves.length} leaves.`);
  }
  return new MerkleTree(size2, arrayReader(leaves), 0).consistencyProof(size1);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of size1 is a prefix of the tree of size2? */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (size1 < 0 || size2 < size1 || !proof.every(isHash)) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || !isHash(root1) || !isHash(root2)) return false;
  const path = 2 ** Math.round(Math.log2(size1)) === size1 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(fr).equals(root1) && Buffer.from(sr).equals(root2);
}
