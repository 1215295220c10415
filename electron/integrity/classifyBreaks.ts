// Names the rows whose chain link does not follow from the row before them (integrity.md §6.2).
// A row whose stored link is valid from some other stored row is a real link in the wrong place:
// REORDERED when rows around it were moved, INSERTED for the rows it skips over when nothing was
// moved. A row whose link follows from no stored row is INSERTED (added or replaced).
import type { Finding, FindingKind } from '../../shared/results';
import { chainHash, ZERO_CHAIN } from './hash';
import type { ChainBreak } from './scanRange';

/** Breaks searched for their true predecessor; each costs one hash per candidate. */
const MAX_CLASSIFIED = 256;

export function classifyBreaks(breaks: readonly ChainBreak[]): Finding[] {
  const candidates = new Map<string, number>([[ZERO_CHAIN.toString('hex'), 0]]);
  for (const b of breaks.slice(0, MAX_CLASSIFIED)) {
    candidates.set(b.chain.toString('hex'), b.seq);
    candidates.set(b.prevChain.toString('hex'), b.prevSeq);
    for (const r of b.recent) candidates.set(r.chain.toString('hex'), r.seq);
  }
  const pool = [...candidates].map(([hex, seq]) => ({ seq, chain: Buffer.from(hex, 'hex') }));

  const predecessor = new Map<number, number | null>();
  breaks.forEach((b, i) => {
    if (i >= MAX_CLASSIFIED) return predecessor.set(b.seq, null);
    const found = pool.find((c) => c.seq !== b.prevSeq && chainHash(c.chain, b.leaf).equals(b.chain));
    predecessor.set(b.seq, found ? found.seq : null);
  });

  const kinds = new Map<number, FindingKind>();
  const reasons = new Map<number, string>();
  // A row chaining from a later row was moved up.
  for (const b of breaks) {
    const p = predecessor.get(b.seq);
    if (p != null && p >= b.seq) {
      kinds.set(b.seq, 'REORDERED');
      reasons.set(b.seq, `event ${b.seq} chains from event ${p}, which comes after it`);
    }
  }
  for (const b of breaks) {
    if (kinds.has(b.seq)) continue;
    const p = predecessor.get(b.seq);
    if (p == null) {
      kinds.set(b.seq, 'INSERTED');
      reasons.set(
        b.seq,
        `event ${b.seq} does not chain from event ${b.prevSeq} nor from any other stored event: it was inserted or replaced`,
      );
      continue;
    }
    let moved = false;
    for (let s = p + 1; s < b.seq; s++) if (kinds.get(s) === 'REORDERED') moved = true;
    if (moved) {
      kinds.set(b.seq, 'REORDERED');
      reasons.set(b.seq, `event ${b.seq} chains from event ${p}, not from the event before it`);
    } else {
      for (let s = p + 1; s < b.seq; s++) {
        if (kinds.has(s)) continue;
        kinds.set(s, 'INSERTED');
        reasons.set(s, `event ${b.seq} chains from event ${p}, so event ${s} between them was inserted`);
      }
    }
  }
  return groupRuns(kinds, reasons);
}

/** One finding per run of consecutive seqs of the same kind, named by its first seq. */
function groupRuns(kinds: Map<number, FindingKind>, reasons: Map<number, string>): Finding[] {
  const seqs = [...kinds.keys()].sort((a, b) => a - b);
  const findings: Finding[] = [];
  for (let i = 0; i < seqs.length;) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j] + 1 && kinds.get(seqs[j + 1]) === kinds.get(seqs[i])) j++;
    const first = seqs[i];
    const last = seqs[j];
    const kind = kinds.get(first) as FindingKind;
    const span = first === last ? `Event ${first}` : `Events ${first} to ${last}`;
    const what =
      kind === 'REORDERED' ? 'are out of the order they were sealed in' : 'do not belong to the sealed history';
    findings.push({
      kind,
      seq: first,
      message: `${span} ${first === last ? what.replace('are', 'is').replace('do not', 'does not') : what}: ${reasons.get(first)}.`,
    });
    i = j + 1;
  }
  return findings;
}
