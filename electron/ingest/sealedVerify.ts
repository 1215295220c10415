// A sealed export is verified before anything of it is imported (integrity.md §7): the signature
// on FILE.checkpoint by the key in FILE.key, that key trusted here, and root(n) recomputed from
// the lines of FILE. Any failure refuses the file whole.
import fs from 'node:fs';
import readline from 'node:readline';
import { leafHash } from '../integrity/hash';
import { MerkleAccumulator } from '../integrity/merkle';
import { parseCheckpointNote, parseVerifierKey, verifyNoteSignatures, type VerifierKey } from '../integrity/note';
import { displayName, ImportError } from './errors';

function readCompanion(file: string, suffix: string): string {
  try {
    return fs.readFileSync(file + suffix, 'utf8');
  } catch {
    throw new ImportError(
      displayName(file),
      null,
      null,
      `this sealed export has no ${displayName(file)}${suffix} beside it; a sealed export is three files (FILE, FILE.checkpoint, FILE.key). Copy all three.`,
    );
  }
}

export async function verifySealedFile(
  file: string,
  trustedKeys: readonly string[],
  ownVerifierKey: string,
): Promise<void> {
  const name = displayName(file);
  const refuse = (line: number | null, message: string): never => {
    throw new ImportError(name, line, null, `${message} Nothing from this sealed export was imported.`);
  };
  let key: VerifierKey;
  try {
    key = parseVerifierKey(readCompanion(file, '.key').trim());
  } catch (err) {
    if (err instanceof ImportError) throw err;
    return refuse(null, `its .key file is not a verifier key: ${(err as Error).message}`);
  }
  let checkpoint;
  try {
    checkpoint = parseCheckpointNote(readCompanion(file, '.checkpoint'));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    return refuse(null, `its .checkpoint file is not a signed checkpoint: ${(err as Error).message}`);
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
      `it is signed by ${key.fingerprint}, a key this installation does not trust. If you know it is the exporter's key, pin it: --trusted-key "${key.text}".`,
    );
  }
  const acc = new MerkleAccumulator();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text === '') refuse(line, 'an empty line is not allowed in a sealed export.');
    acc.push(leafHash(Buffer.from(text, 'utf8')));
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
