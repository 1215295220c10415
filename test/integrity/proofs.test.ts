// Proofs from a store's own leaves: MerkleTree against the transparency-dev/merkle vectors and a
// plain recursive tree, and tlog-proof files from a real case file checked by an independent
// verifier written from the C2SP / RFC 9162 texts (test/helpers/independentTlog.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash, sha256 } from '../../electron/integrity/hash';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyConsistency, verifyInclusion } from '../../electron/integrity/merkle';
import { arrayReader, MerkleTree, splitPoint } from '../../electron/integrity/merkleTree';
import { parseConsistencyProof, parseTlogProof } from '../../electron/integrity/tlogProof';
import { findEvent, openProver } from '../../electron/proofs/prover';
import { createSigner, sealCheckpoint } from '../../electron/store/checkpoints';
import type { Db } from '../../electron/store/db';
import { checkNote, checkTlogProof, rootsFromConsistency } from '../helpers/independentTlog';
import { record } from '../helpers/records';
import { appendRecords, storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

interface Vectors {
  leavesHex: string[];
  rootsHex: string[];
  inclusionProofs: { leaf: number; size: number; proofHex: string[] }[];
  consistencyProofs: { size1: number; size2: number; proofHex: string[] }[];
}
const v = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'rfc6962.json'), 'utf8')) as Vectors;
const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const vectorLeaves = v.leavesHex.map((h) => leafHash(hex(h)));

/** MTH written straight from RFC 9162 §2.1.1, for comparison. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('MerkleTree over a leaf reader', () => {
  it('gives the reference roots and proofs of transparency-dev/merkle at every cache level', () => {
    for (const cacheLevel of [0, 1, 2, 3, 8]) {
      const tree = new MerkleTree(8, arrayReader(vectorLeaves), cacheLevel);
      v.rootsHex.forEach((r, i) => expect(tree.root(i + 1).toString('hex')).toBe(r));
      for (const p of v.inclusionProofs) {
        expect(tree.inclusionProof(p.leaf - 1, p.size).map((h) => h.toString('hex'))).toEqual(p.proofHex);
      }
      for (const p of v.consistencyProofs) {
        expect(tree.consistencyProof(p.size1, p.size2).map((h) => h.toString('hex'))).toEqual(p.proofHex);
      }
    }
  });

  it('agrees with a recursive tree for every size up to 70, and its proofs pass the independent verifier', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => sha256(`leaf ${i}`));
    const tree = new MerkleTree(70, arrayReader(leaves), 2);
    for (let n = 1; n <= 70; n++) {
      const root = mth(leaves.slice(0, n));
      expect(tree.root(n).equals(root)).toBe(true);
      for (const i of [0, Math.floor(n / 3), n - 1]) {
        const proof = tree.inclusionProof(i, n);
        expect(verifyInclusion(leaves[i], i, n, proof, root)).toBe(true);
      }
      for (const m of [1, Math.ceil(n / 2), n]) {
        const proof = tree.consistencyProof(m, n);
        const older = mth(leaves.slice(0, m));
        expect(verifyConsistency(m, n, proof, older, root)).toBe(true);
        const roots = rootsFromConsistency(m, n, older, proof);
        expect(roots && roots[0].equals(older) && roots[1].equals(root), `${m} → ${n}`).toBe(true);
      }
    }
  });

  it('reads each leaf once to build, then only small blocks per proof', () => {
    const leaves = Array.from({ length: 5000 }, (_, i) => sha256(`l${i}`));
    let read = 0;
    const tree = new MerkleTree(
      5000,
      (from, to) => {
        read += to - from;
        return arrayReader(leaves)(from, to);
      },
      6,
    );
    expect(read).toBe(Math.floor(5000 / 64) * 64);
    read = 0;
    tree.inclusionProof(4321);
    expect(read).toBeLessThanOrEqual(2 * 64 * 13);
  });
});

function seal(db: Db, home: string): void {
  db.exec('BEGIN IMMEDIATE');
  sealCheckpoint(db, createSigner(loadOrCreateSigningKey(home)));
  db.exec('COMMIT');
}

function sealedCase(sizes: number[]) {
  const dir = tempDir();
  const home = path.join(dir, 'home');
  const db = storeWith(
    Array.from({ length: sizes[0] }, () => record()),
    path.join(dir, 'case.sqlite'),
  );
  seal(db, home);
  for (const n of sizes.slice(1)) {
    appendRecords(
      db,
      Array.from({ length: n }, () => record()),
    );
    seal(db, home);
  }
  const key = loadOrCreateSigningKey(home).verifierKey;
  const origin = db.prepare("SELECT value FROM meta WHERE key = 'origin'").pluck().get() as string;
  return { db, home, key, origin };
}

describe('proofs from a case file', () => {
  it('proves every event against the newest checkpoint; an independent verifier accepts each proof', () => {
    const { db, key, origin } = sealedCase([13, 4]);
    const prover = openProver(db, 'events');
    expect(prover.checkpoint.size).toBe(17);
    for (let seq = 1; seq <= 17; seq++) {
      const p = prover.prove(seq);
      expect(p.index).toBe(seq - 1);
      const checked = checkTlogProof(p.proof, p.canon, key, origin);
      expect(checked).toMatchObject({ index: seq - 1, size: 17 });
      expect(parseTlogProof(p.proof).proof.length).toBeGreaterThan(0);
      // One changed byte of the entry fails the proof.
      const changed = Buffer.from(p.canon);
      changed[5] ^= 1;
      expect(() => checkTlogProof(p.proof, changed, key)).toThrow(/does not lead/);
    }
    db.close();
  });

  it('finds an event by ID or seq:N, and refuses one outside every checkpoint: seal first', () => {
    const { db, home } = sealedCase([3]);
    appendRecords(db, [record({ id: 'late-event' })]);
    expect(findEvent(db, 'seq:2').seq).toBe(2);
    const late = findEvent(db, 'late-event');
    expect(late.seq).toBe(4);
    expect(() => openProver(db, 'events').prove(4)).toThrow(/outside every checkpoint .*seal first/);
    expect(() => findEvent(db, 'nope')).toThrow(/No event with ID "nope"/);
    seal(db, home);
    expect(openProver(db, 'events').prove(4).checkpointSize).toBe(4);
    db.close();
  });

  it('refuses a log that has no checkpoint at all', () => {
    const db = storeWith([record()]);
    expect(() => openProver(db, 'events')).toThrow(/seal first/);
    db.close();
  });

  it('writes a consistency proof between two checkpoints that the independent verifier accepts', () => {
    const { db, key } = sealedCase([5, 3, 9]);
    const prover = openProver(db, 'events');
    const c = prover.consistency(5);
    expect(c).toMatchObject({ fromSize: 5, toSize: 17 });
    const file = parseConsistencyProof(c.proof);
    const older = checkNote(file.older.note, key);
    const newer = checkNote(file.newer.note, key);
    expect([older.size, newer.size]).toEqual([5, 17]);
    const roots = rootsFromConsistency(older.size, newer.size, older.root, file.proof);
    expect(roots?.[0].equals(older.root) && roots[1].equals(newer.root)).toBe(true);
    expect(prover.consistency(8, 17).toSize).toBe(17);
    expect(() => prover.consistency(6)).toThrow(/6 is not the size of a checkpoint.*sizes 5, 8, 17/);
    db.close();
  });

  it('refuses to prove from a store whose leaves no longer give the signed root', () => {
    const { db } = sealedCase([6]);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare('UPDATE events SET leaf = ? WHERE seq = 3').run(sha256('x'));
    expect(() => openProver(db, 'events')).toThrow(/no longer give the root signed at size 6/);
    db.close();
  });
});
