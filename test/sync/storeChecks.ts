// Every sync test ends here: the store verified whole, and its events counted exactly.
import { expect } from 'vitest';
import { chainHash, leafHash, ZERO_CHAIN } from '../../electron/integrity/hash';
import { MerkleAccumulator } from '../../electron/integrity/merkle';
import { verifyStore } from '../../electron/integrity/verifyStore';
import type { Db } from '../../electron/store/db';

/** Asserts the store is intact and holds exactly `expected` events, with no ID twice. */
export async function expectIntactStore(db: Db, verifierKey: string, expected: number): Promise<void> {
  const rows = db.prepare('SELECT seq, canon, leaf, chain FROM events ORDER BY seq').all() as {
    seq: number;
    canon: Buffer;
    leaf: Buffer;
    chain: Buffer;
  }[];
  expect(rows.length).toBe(expected);
  let chain: Buffer = ZERO_CHAIN;
  const acc = new MerkleAccumulator();
  const roots = new Map<number, string>();
  rows.forEach((row, i) => {
    expect(row.seq).toBe(i + 1);
    const leaf = leafHash(row.canon);
    expect(row.leaf.equals(leaf)).toBe(true);
    chain = chainHash(chain, leaf);
    expect(row.chain.equals(chain)).toBe(true);
    acc.push(leaf);
    roots.set(acc.size, acc.root().toString('hex'));
  });
  const ids = db.prepare('SELECT count(DISTINCT event_id) AS n FROM events').get() as { n: number };
  expect(ids.n).toBe(expected);
  const checkpoints = db.prepare('SELECT size, root FROM checkpoints ORDER BY id').all() as {
    size: number;
    root: Buffer;
  }[];
  for (const cp of checkpoints) expect(cp.root.toString('hex')).toBe(roots.get(cp.size));
  if (expected > 0) expect(checkpoints.at(-1)?.size).toBe(expected);
  const fts = db.prepare("INSERT INTO events_fts(events_fts, rank) VALUES('integrity-check', 1)");
  expect(() => fts.run()).not.toThrow();

  const report = await verifyStore(db, { ownVerifierKey: verifierKey, trustedKeys: [], outsideCheckpoints: [] });
  expect(report.findings).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.verdict).toBe('intact');
  expect(report.eventsChecked).toBe(expected);
}
