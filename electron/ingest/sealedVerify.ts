// A sealed export is verified before any of it is committed (integrity.md §7): the signature on
// FILE.checkpoint by the key in FILE.key, that key trusted here, and root(n) recomputed from the
// very events being imported (the bytes read once, for both), so a file changed between a check
// and a read cannot slip through. Any failure throws inside the import's transaction: the file is
// refused whole and the store is exactly as before.
import fs from 'node:fs';
import { MerkleAccumulator } from '../integrity/merkle';
import {
  parseCheckpointNote,
  parseVerifierKey,
  verifyNoteSignatures,
  type Checkpoint,
  type VerifierKey,
} from '../integrity/note';
import type { PreparedEvent } from '../store/prepare';
import { displayName, ImportError } from './errors';

/** Companion files are small; anything larger is not SignTrail's. */
const MAX_COMPANION_BYTES = 64 * 1024;

function readCompanion(file: string, suffix: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file + suffix);
  } catch {
    throw new ImportError(
      displayName(file),
      null,
      null,
      `this sealed export has no ${displayName(file)}${suffix} beside it; a sealed export is three files (FILE, FILE.checkpoint, FILE.key). Copy all three.`,
    );
  }
  if (bytes.length > MAX_COMPANION_BYTES) {
    throw new ImportError(
      displayName(file),
      null,
      null,
      `${displayName(file)}${suffix} is ${bytes.length} bytes, far more than a SignTrail ${suffix.slice(1)} file. Nothing from this sealed export was imported.`,
    );
  }
  return bytes.toString('utf8');
}

/** A parser's complaint without the text it complained about: key and checkpoint files are never echoed. */
function withoutContent(message: string): string {
  return message.replace(/"[^"]*"/g, '(value not shown)');
}

export interface SealedCheck {
  checkpoint: Checkpoint;
  key: VerifierKey;
  /**
   * Passes the events through as they are imported, hashing each one's canonical bytes; after the
   * last, refuses the file (inside the transaction) unless they are exactly the checkpoint's
   * size and root.
   */
  guard(batches: AsyncIterable<readonly PreparedEvent[]>): AsyncIterable<readonly PreparedEvent[]>;
}

/**
 * Reads FILE.key and FILE.checkpoint once and checks the signature and that the key is trusted
 * here. The events themselves are checked by `guard`, as they are imported.
 */
export function openSealedCheck(file: string, trustedKeys: readonly string[], ownVerifierKey: string): SealedCheck {
  const name = displayName(file);
  const refuse = (line: number | null, message: string): never => {
    throw new ImportError(name, line, null, `${message} Nothing from this sealed export was imported.`);
  };
  let key: VerifierKey;
  try {
    key = parseVerifierKey(readCompanion(file, '.key').trim());
  } catch (err) {
    if (err instanceof ImportError) throw err;
    return refuse(null, `its .key file is not a verifier key: ${withoutContent((err as Error).message)}`);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpointNote(readCompanion(file, '.checkpoint'));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    return refuse(null, `its .checkpoint file is not a signed checkpoint: ${withoutContent((err as Error).message)}`);
  }
  const signatures = verifyNoteSignatures(checkpoint, [key]);
  if (signatures.verified.length === 0)
    refuse(null, `the checkpoint is not validly signed by the key in ${name}.key (${key.fingerprint}).`);
  const trusted = [ownVerifierKey, ...trustedKeys].some((k) => {
    try {
      const parsed = parseVerifierKey(k.trim());
      return parsed.keyIdHex === key.keyIdHex && parsed.publicKey.equals(key.publicKey);
    } catch {
      return false;
    }
  });
  if (!trusted) {
    refuse(
      null,
      `it is signed by ${key.fingerprint}, a key this installation does not trust. If you know it is the exporter's key (compare its fingerprint with them by another channel), pin it: --trusted-key "$(cat ${name}.key)".`,
    );
  }
  async function* guard(batches: AsyncIterable<readonly PreparedEvent[]>): AsyncIterable<readonly PreparedEvent[]> {
    const acc = new MerkleAccumulator();
    for await (const batch of batches) {
      for (const event of batch) {
        acc.push(event[1]);
        if (acc.size > checkpoint.size)
          refuse(event[15], `the file holds more events than its checkpoint seals (${checkpoint.size}).`);
      }
      yield batch;
    }
    if (acc.size !== checkpoint.size) {
      refuse(null, `the file holds ${acc.size} events but its checkpoint says ${checkpoint.size}.`);
    }
    if (!acc.root().equals(checkpoint.root)) {
      refuse(
        null,
        `the Merkle root of its ${acc.size} events does not match the signed checkpoint: the file was changed after it was sealed.`,
      );
    }
  }
  return { checkpoint, key, guard };
}
