// One pass over a run of consecutive rows (by seq): leaf, content and columns, seq gaps, chain
// links, and the Merkle tree over the stored leaves. The whole store is one run, or several
// runs checked in parallel and joined by joinScans().
import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/results';
import { checkStoredRecord, DERIVED_COLUMNS } from './checkRecord';
import { chainHash, leafHash } from './hash';
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

const SELECT = `SELECT seq, canon, leaf, chain, ${DERIVED_COLUMNS.map(([c]) => c).join(', ')}
  FROM events WHERE seq >= ? ORDER BY seq LIMIT ?`;

export function scanRange(
  db: Database.Database,
  plan: ScanPlan,
  onRows?: (done: number) => boolean | void,
): ScanResult {
  const blockSize = 2 ** plan.blockLevel;
  const wanted = new Set(plan.sizes);
  const findings: Finding[] = [];
  const breaks: ChainBreak[] = [];
  const blockRoots: Buffer[] = [];
  const snapshots: SizeSnapshot[] = [];
  let block = new MerkleAccumulator();
  let position = plan.startPosition;
  let prevSeq = plan.prevSeq;
  let prevChain: Buffer = Buffer.from(plan.prevChain);
  let rows = 0;
  let dropped = 0;
  const recent: { seq: number; chain: Buffer }[] = [];
  const note = (finding: Finding): void => {
    if (findings.length < MAX_FINDINGS) findings.push(finding);
    else dropped++;
  };

  const statement = db.prepare(SELECT).raw(true);
  for (const row of statement.iterate(plan.fromSeq, plan.rows) as Iterable<unknown[]>) {
    const seq = row[0] as number;
    const canon = row[1] as Buffer;
    const storedLeaf = row[2] as Buffer;
    const storedChain = row[3] as Buffer;

    const leaf = leafHash(canon);
    if (!leaf.equals(storedLeaf)) {
      note({
        kind: 'MODIFIED',
        seq,
        message: `Event ${seq}: its stored bytes do not hash to its stored leaf; the bytes were changed after they were sealed.`,
      });
    } else {
      const problem = checkStoredRecord(canon, row.slice(4));
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
    } else if (!chainHash(prevChain, storedLeaf).equals(storedChain)) {
      if (breaks.length < MAX_BREAKS)
        breaks.push({ seq, prevSeq, leaf: storedLeaf, chain: storedChain, prevChain, recent: [...recent] });
      else dropped++;
    }
    prevSeq = seq;
    prevChain = storedChain;
    if (recent.push({ seq, chain: storedChain }) > RECENT) recent.shift();

    // The tree is over the stored leaves; a leaf that disagrees with its bytes is reported above.
    block.push(storedLeaf);
    position++;
    if (block.size === blockSize) {
      blockRoots.push(block.root());
      block = new MerkleAccumulator();
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
