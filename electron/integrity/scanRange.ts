// One pass over a run of consecutive rows (by seq): leaf, content and columns, seq gaps, chain
// links, and the Merkle tree over the stored leaves. The whole store is one run, or several
// runs checked in parallel and joined by joinScans().
import crypto from 'node:crypto';
import type { Db } from '../store/db';
import { eventsTableIsStrict, prepareScanReads } from '../store/verifyRows';
import type { Finding } from '../../shared/results';
import { checkStoredRecord, storedRecordSurelyRight } from './checkRecord';
import { chainHash, HASH_SIZE, leafHash } from './hash';
import { HexMerkleBlock } from './hexMerkle';
import { MerkleAccumulator } from './merkle';

export interface ScanPlan {
  /** First seq to read (rows with seq >= this), and how many rows. */
  fromSeq: number;
  rows: number;
  /** 0-based tree position of the first row; a multiple of 2^blockLevel. */
  startPosition: number;
  /** seq and stored chain of the row before this run (0 and chain(0) at the start). */
  prevSeq: number;
  prevChain: Uint8Array;
  /** Tree sizes (checkpoints) whose roots are wanted. */
  sizes: number[];
  blockLevel: number;
}

/** A stored link that does not follow from the row before it. */
export interface ChainBreak {
  seq: number;
  prevSeq: number;
  leaf: Buffer;
  chain: Buffer;
  prevChain: Buffer;
  /** seq and stored chain of the few rows before, where a skipped-over row's true predecessor is. */
  recent: { seq: number; chain: Buffer }[];
}

/** The Merkle state at one wanted size: whole blocks done in this run, then the open block's frontier. */
export interface SizeSnapshot {
  size: number;
  blocksBefore: number;
  nodes: Buffer[];
  levels: number[];
}

export interface ScanResult {
  rows: number;
  lastSeq: number;
  findings: Finding[];
  breaks: ChainBreak[];
  /** Roots of each complete block of 2^blockLevel leaves, in order. */
  blockRoots: Buffer[];
  snapshots: SizeSnapshot[];
}

/** Findings kept per run; beyond this they are counted in the last one. */
const MAX_FINDINGS = 1000;
const MAX_BREAKS = 1000;
const RECENT = 8;

const hexBuffer = (hex: string): Buffer => Buffer.from(hex, 'hex');
const chainScratch = Buffer.alloc(1 + 2 * HASH_SIZE, 0x02);

/** Does the stored chain follow from the previous chain and this leaf (all hex)? */
function chainFollows(prevHex: string, leafHex: string, chainHex: string): boolean {
  if (prevHex.length !== 2 * HASH_SIZE || leafHex.length !== 2 * HASH_SIZE) {
    return chainHash(hexBuffer(prevHex), hexBuffer(leafHex)).equals(hexBuffer(chainHex));
  }
  chainScratch.write(prevHex, 1, 'hex');
  chainScratch.write(leafHex, 1 + HASH_SIZE, 'hex');
  return crypto.hash('sha256', chainScratch, 'hex') === chainHex;
}

export function scanRange(db: Db, plan: ScanPlan, onRows?: (done: number) => boolean | void): ScanResult {
  const blockSize = 2 ** plan.blockLevel;
  const wanted = new Set(plan.sizes);
  const findings: Finding[] = [];
  const breaks: ChainBreak[] = [];
  const blockRoots: Buffer[] = [];
  const snapshots: SizeSnapshot[] = [];
  let block = new HexMerkleBlock();
  let position = plan.startPosition;
  let prevSeq = plan.prevSeq;
  let prevChain = Buffer.from(plan.prevChain).toString('hex');
  let rows = 0;
  let dropped = 0;
  // The last RECENT rows' seq and chain, as a ring.
  const recentSeq: number[] = [];
  const recentChain: string[] = [];
  let recentNext = 0;
  const note = (finding: Finding): void => {
    if (findings.length < MAX_FINDINGS) findings.push(finding);
    else dropped++;
  };
  const fast = eventsTableIsStrict(db);
  const reads = prepareScanReads(db, fast);
  /** The exact check of one row, from its bytes: null, or what is wrong. */
  const checkRow = (seq: number): string | null => {
    const row = reads.rowBySeq(seq);
    const canon = row[0] as Buffer;
    if (!leafHash(canon).equals(row[1] as Buffer)) {
      return `its stored bytes do not hash to its stored leaf; the bytes were changed after they were sealed`;
    }
    return checkStoredRecord(canon, row.slice(2));
  };

  for (const row of reads.rows(plan.fromSeq, plan.rows)) {
    const seq = row[0] as number;
    const text = row[1] as string | null;
    const storedLeaf = row[2] as string;
    const storedChain = row[3] as string;

    // Text without U+FFFD decoded losslessly, so "\0" + text encodes to exactly 0x00 || the bytes.
    const surelyRight =
      text !== null &&
      !text.includes('\uFFFD') &&
      crypto.hash('sha256', '\0' + text, 'hex') === storedLeaf &&
      storedRecordSurelyRight(text, row[4] as string | null);
    if (!surelyRight) {
      const problem = checkRow(seq);
      if (problem) note({ kind: 'MODIFIED', seq, message: `Event ${seq}: ${problem}.` });
    }

    if (seq !== prevSeq + 1) {
      const missing = seq - prevSeq - 1;
      note({
        kind: 'DELETED',
        seq: prevSeq + 1,
        message:
          missing === 1
            ? `Event ${prevSeq + 1} is missing: the numbering jumps from ${prevSeq} to ${seq}.`
            : `Events ${prevSeq + 1} to ${seq - 1} (${missing}) are missing: the numbering jumps from ${prevSeq} to ${seq}.`,
      });
    } else if (!chainFollows(prevChain, storedLeaf, storedChain)) {
      if (breaks.length < MAX_BREAKS) {
        const recent: { seq: number; chain: Buffer }[] = [];
        for (let i = 0; i < recentSeq.length; i++) {
          const at = (recentNext + i) % recentSeq.length;
          recent.push({ seq: recentSeq[at], chain: hexBuffer(recentChain[at]) });
        }
        breaks.push({
          seq,
          prevSeq,
          leaf: hexBuffer(storedLeaf),
          chain: hexBuffer(storedChain),
          prevChain: hexBuffer(prevChain),
          recent,
        });
      } else dropped++;
    }
    prevSeq = seq;
    prevChain = storedChain;
    recentSeq[recentNext] = seq;
    recentChain[recentNext] = storedChain;
    recentNext = (recentNext + 1) % RECENT;

    // The tree is over the stored leaves; a leaf that disagrees with its bytes is reported above.
    block.push(storedLeaf);
    position++;
    if (block.size === blockSize) {
      blockRoots.push(block.root());
      block = new HexMerkleBlock();
    }
    if (wanted.has(position)) {
      snapshots.push({
        size: position,
        blocksBefore: blockRoots.length,
        nodes: block.frontier(),
        levels: block.frontierLevels(),
      });
    }
    rows++;
    if ((rows & 0x3fff) === 0 && onRows?.(rows) === false) break;
  }
  if (dropped > 0 && findings.length > 0) {
    const last = findings[findings.length - 1];
    last.message += ` (${dropped} further findings in this part of the store are not listed.)`;
  }
  return { rows, lastSeq: prevSeq, findings, breaks, blockRoots, snapshots };
}

/** Joins the runs' Merkle pieces, in order, into root(size) for every wanted size reached. */
export function joinRoots(results: readonly ScanResult[], blockLevel: number): Map<number, Buffer> {
  const roots = new Map<number, Buffer>();
  const tree = new MerkleAccumulator();
  for (const result of results) {
    let pushed = 0;
    for (const snap of result.snapshots) {
      while (pushed < snap.blocksBefore) tree.pushSubtree(result.blockRoots[pushed++], blockLevel);
      const at = tree.clone();
      snap.nodes.forEach((node, i) => at.pushSubtree(node, snap.levels[i]));
      roots.set(snap.size, at.root());
    }
    while (pushed < result.blockRoots.length) tree.pushSubtree(result.blockRoots[pushed++], blockLevel);
  }
  return roots;
}
