// An independent checker of c2sp.org/tlog-proof@v1 files, written for the tests from the C2SP
// texts (tlog-proof, tlog-checkpoint, signed-note) and RFC 9162 §2.1 alone. It imports nothing
// from SignTrail: only node:crypto. If SignTrail's writer and this reader disagree, a test fails.
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 9162 §2.1.3.2, step by step as the RFC words it. */
function rootFromInclusion(index: number, size: number, leaf: Buffer, path: Buffer[]): Buffer | null {
  if (index >= size) return null;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = sha(Buffer.from([1]), r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/** RFC 9162 §2.1.4.2: the two roots a consistency proof leads to, or null when it is malformed. */
export function rootsFromConsistency(
  size1: number,
  size2: number,
  root1: Buffer,
  path: Buffer[],
): [Buffer, Buffer] | null {
  if (size1 === size2) return path.length === 0 ? [root1, root1] : null;
  if (size1 === 0 || size1 > size2 || path.length === 0) return null;
  const seq = (size1 & (size1 - 1)) === 0 ? [root1, ...path] : path;
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = seq[0];
  let sr = seq[0];
  for (const c of seq.slice(1)) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = sha(Buffer.from([1]), c, fr);
      sr = sha(Buffer.from([1]), c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = sha(Buffer.from([1]), sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? [fr, sr] : null;
}

export interface CheckedNote {
  origin: string;
  size: number;
  root: Buffer;
}

/** signed-note + tlog-checkpoint: checks the Ed25519 signature by the verifier key given as text. */
export function checkNote(note: string, verifierKey: string): CheckedNote {
  const [name, idHex, keyB64] = [
    verifierKey.split('+')[0],
    verifierKey.split('+')[1],
    verifierKey.split('+').slice(2).join('+'),
  ];
  const keyBytes = Buffer.from(keyB64, 'base64');
  if (keyBytes[0] !== 1 || keyBytes.length !== 33) throw new Error('not an Ed25519 verifier key');
  const id = sha(Buffer.from(name + '\n'), keyBytes).subarray(0, 4);
  if (id.toString('hex') !== idHex) throw new Error('verifier key ID mismatch');
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0) throw new Error('no signature block');
  const text = note.slice(0, cut + 1);
  const sigLines = note
    .slice(cut + 2)
    .split('\n')
    .filter(Boolean);
  const spki = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), keyBytes.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  const good = sigLines.some((line) => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== name) return false;
    const blob = Buffer.from(m[2], 'base64');
    return blob.subarray(0, 4).equals(id) && verify(null, Buffer.from(text), spki, blob.subarray(4));
  });
  if (!good) throw new Error('no valid signature by the verifier key');
  const [origin, size, root] = text.split('\n');
  if (!/^[0-9]+$/.test(size)) throw new Error('bad checkpoint size');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

/** Checks a tlog-proof file for an entry's bytes; returns the leaf index and checkpoint, or throws. */
export function checkTlogProof(proofText: string, entry: Buffer, verifierKey: string, origin?: string) {
  const lines = proofText.split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1') throw new Error('not a tlog-proof');
  let i = 1;
  if (lines[i].startsWith('extra ')) i++;
  const m = /^index (0|[1-9]\d*)$/.exec(lines[i]);
  if (!m) throw new Error('no index line');
  const index = Number(m[1]);
  const path: Buffer[] = [];
  for (i++; lines[i] !== ''; i++) path.push(Buffer.from(lines[i], 'base64'));
  const cp = checkNote(lines.slice(i + 1).join('\n'), verifierKey);
  if (origin !== undefined && cp.origin !== origin) throw new Error(`origin ${cp.origin}, expected ${origin}`);
  const root = rootFromInclusion(index, cp.size, sha(Buffer.from([0]), entry), path);
  if (!root || !root.equals(cp.root)) throw new Error('inclusion proof does not lead to the checkpoint root');
  return { index, ...cp };
}
