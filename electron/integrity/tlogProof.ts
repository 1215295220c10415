// Proof files: c2sp.org/tlog-proof@v1 for inclusion (the C2SP text format), and SignTrail's own
// consistency-proof file in the same style (no C2SP format exists for it; docs/integrity.md).
import { NoteError, parseCheckpointNote, type Checkpoint } from './note';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
export const CONSISTENCY_PROOF_HEADER = 'signtrail.dev/consistency-proof@v1';

export class ProofFormatError extends Error {
  override name = 'ProofFormatError';
}

export interface TlogProof {
  /** 0-based leaf index. */
  index: number;
  /** Sibling hashes from the leaf up to the root's child. */
  proof: Buffer[];
  /** The checkpoint note, verbatim. */
  checkpointNote: string;
  checkpoint: Checkpoint;
  /** Opaque, unauthenticated extra data when present. */
  extra: Buffer | null;
}

export interface ConsistencyProofFile {
  proof: Buffer[];
  older: Checkpoint & { note: string };
  newer: Checkpoint & { note: string };
}

const b64 = (h: Uint8Array): string => Buffer.from(h).toString('base64');

export function formatTlogProof(index: number, proof: readonly Uint8Array[], checkpointNote: string): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new ProofFormatError(`A leaf index must be ≥ 0, not ${index}.`);
  parseCheckpointNote(checkpointNote);
  return `${TLOG_PROOF_HEADER}\nindex ${index}\n${proof.map((h) => b64(h) + '\n').join('')}\n${checkpointNote}`;
}

export function formatConsistencyProof(proof: readonly Uint8Array[], olderNote: string, newerNote: string): string {
  const older = parseCheckpointNote(olderNote);
  const newer = parseCheckpointNote(newerNote);
  if (older.size > newer.size) {
    throw new ProofFormatError(`The older checkpoint (size ${older.size}) is larger than the newer (${newer.size}).`);
  }
  return `${CONSISTENCY_PROOF_HEADER}\n${proof.map((h) => b64(h) + '\n').join('')}\n${olderNote}\n${newerNote}`;
}

const HASH_LINE = /^[A-Za-z0-9+/]{43}=$/;

function hashLines(lines: string[], at: number, file: string): { hashes: Buffer[]; next: number } {
  const hashes: Buffer[] = [];
  let i = at;
  for (; i < lines.length && lines[i] !== ''; i++) {
    if (!HASH_LINE.test(lines[i])) {
      throw new ProofFormatError(`${file}, line ${i + 1}: "${lines[i].slice(0, 60)}" is not a base64 SHA-256 hash.`);
    }
    hashes.push(Buffer.from(lines[i], 'base64'));
  }
  if (i >= lines.length) throw new ProofFormatError(`${file}: no empty line before the checkpoint.`);
  return { hashes, next: i + 1 };
}

function readCheckpoint(text: string, file: string, which: string): Checkpoint & { note: string } {
  try {
    return { ...parseCheckpointNote(text), note: text };
  } catch (err) {
    if (err instanceof NoteError)
      throw new ProofFormatError(`${file}: the ${which} is not a signed checkpoint: ${err.message}`);
    throw err;
  }
}

/** Reads a c2sp.org/tlog-proof@v1 file; errors name the file and line. */
export function parseTlogProof(text: string, file = 'the proof'): TlogProof {
  const lines = text.split('\n');
  if (lines[0] !== TLOG_PROOF_HEADER) {
    throw new ProofFormatError(`${file}, line 1: expected "${TLOG_PROOF_HEADER}", found "${lines[0].slice(0, 60)}".`);
  }
  let at = 1;
  let extra: Buffer | null = null;
  if (lines[at]?.startsWith('extra ')) {
    extra = Buffer.from(lines[at].slice(6), 'base64');
    at++;
  }
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[at] ?? '');
  if (!m || !Number.isSafeInteger(Number(m[1]))) {
    throw new ProofFormatError(
      `${file}, line ${at + 1}: expected "index N" (no leading zeros), found "${(lines[at] ?? '').slice(0, 60)}".`,
    );
  }
  const { hashes, next } = hashLines(lines, at + 1, file);
  const checkpointNote = lines.slice(next).join('\n');
  const checkpoint = readCheckpoint(checkpointNote, file, 'checkpoint');
  return { index: Number(m[1]), proof: hashes, checkpointNote, checkpoint, extra };
}

/** Reads SignTrail's consistency-proof file: header, hashes, empty line, older note, empty line, newer note. */
export function parseConsistencyProof(text: string, file = 'the consistency proof'): ConsistencyProofFile {
  const lines = text.split('\n');
  if (lines[0] !== CONSISTENCY_PROOF_HEADER) {
    throw new ProofFormatError(
      `${file}, line 1: expected "${CONSISTENCY_PROOF_HEADER}", found "${lines[0].slice(0, 60)}".`,
    );
  }
  const { hashes, next } = hashLines(lines, 1, file);
  // The older note: its text lines, an empty line, its signature lines, then one empty line.
  let i = next;
  while (i < lines.length && lines[i] !== '') i++;
  i++;
  while (i < lines.length && lines[i] !== '') i++;
  if (i >= lines.length) throw new ProofFormatError(`${file}: the newer checkpoint is missing.`);
  const older = readCheckpoint(lines.slice(next, i).join('\n') + '\n', file, 'older checkpoint');
  const newer = readCheckpoint(lines.slice(i + 1).join('\n'), file, 'newer checkpoint');
  return { proof: hashes, older, newer };
}
