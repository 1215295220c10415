// The verify scan's Merkle accumulator for one block: the same RFC 6962 tree as MerkleAccumulator
// (merkle.ts), over leaves given as the lower-case hex the scan reads. Nodes stay hex and are hashed
// from one reused scratch buffer with hex output: node:crypto's 'buffer' output allocates a Buffer
// per hash and measured about twice the time of hex output on these 65-byte inputs, and the scan
// already holds every leaf as hex (no Buffer per leaf either). Buffers are made only for what leaves
// the scan: block roots and the frontiers of wanted sizes.
import crypto from 'node:crypto';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash';

const NODE_PREFIX = 0x01;
const HEX_SIZE = 2 * HASH_SIZE;
const scratch = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_PREFIX);

/** SHA-256(0x01 || left || right) of two hex nodes, as hex; exactly nodeHash() of their bytes. */
function nodeHex(left: string, right: string): string {
  if (left.length !== HEX_SIZE || right.length !== HEX_SIZE) {
    // A stored leaf of another length (a hand-edited file): the general path, as before.
    return nodeHash(Buffer.from(left, 'hex'), Buffer.from(right, 'hex')).toString('hex');
  }
  scratch[0] = NODE_PREFIX;
  scratch.write(left, 1, 'hex');
  scratch.write(right, 1 + HASH_SIZE, 'hex');
  return crypto.hash('sha256', scratch, 'hex');
}

export class HexMerkleBlock {
  private nodes: string[] = [];
  private levels: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash, given as lower-case hex. */
  push(leafHex: string): void {
    let node = leafHex;
    let at = 0;
    const levels = this.levels;
    const nodes = this.nodes;
    while (levels.length > 0 && levels[levels.length - 1] === at) {
      levels.pop();
      node = nodeHex(nodes.pop() as string, node);
      at++;
    }
    nodes.push(node);
    levels.push(at);
    this.count++;
  }

  /** root(size), as MerkleAccumulator.root() gives it. */
  root(): Buffer {
    const n = this.nodes.length;
    if (n === 0) return EMPTY_ROOT;
    let r = this.nodes[n - 1];
    for (let i = n - 2; i >= 0; i--) r = nodeHex(this.nodes[i], r);
    return Buffer.from(r, 'hex');
  }

  /** The perfect subtree roots, largest first (MerkleAccumulator.frontier()). */
  frontier(): Buffer[] {
    return this.nodes.map((n) => Buffer.from(n, 'hex'));
  }

  /** The subtree levels matching frontier(), largest first. */
  frontierLevels(): number[] {
    return [...this.levels];
  }
}
