// C2SP signed notes (c2sp.org/signed-note) carrying tlog-checkpoints (c2sp.org/tlog-checkpoint),
// with Ed25519 keys in the golang.org/x/mod/sumdb/note verifier-key format (integrity.md §5).
import crypto, { type KeyObject } from 'node:crypto';
import { HASH_SIZE, sha256 } from './hash';

const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;
/** PKCS#8 DER header for a raw Ed25519 seed; node:crypto imports keys in DER, not raw. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteError extends Error {
  override name = 'NoteError';
}

/** A private key able to sign checkpoints. */
export interface SigningKey {
  name: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  privateKey: KeyObject;
  /** `<name>+<key ID hex>+<base64(0x01 || public key)>`. */
  verifierKey: string;
}

export interface VerifierKey {
  name: string;
  keyId: Buffer;
  keyIdHex: string;
  publicKey: Buffer;
  /** The verifier-key string as given. */
  text: string;
  /** `<name>+<key ID hex>`: how reports name the key. */
  fingerprint: string;
  publicKeyObject: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyIdHex: string;
  /** The signature bytes after the 4-byte key ID. */
  signature: Buffer;
  line: string;
}

export interface ParsedNote {
  /** The signed text, trailing newline included. */
  text: string;
  signatures: NoteSignature[];
}

export interface CheckpointBody {
  origin: string;
  size: number;
  root: Uint8Array;
}

export interface Checkpoint extends ParsedNote {
  origin: string;
  size: number;
  root: Buffer;
  rootB64: string;
  /** Lines after the root, if any (tlog-checkpoint extension lines). */
  extensions: string[];
}

export interface SignatureCheck {
  /** Keys from the list whose signature on the note is valid. */
  verified: VerifierKey[];
  /** Signatures by a name and key ID in none of the keys given. */
  unknown: NoteSignature[];
  /** Signatures whose name and key ID match a key given, but which do not verify. */
  bad: { signature: NoteSignature; key: VerifierKey }[];
}

/** A key name: non-empty, no whitespace, no '+' (signed-note §key names), and no control character. */
function assertKeyName(name: string): void {
  if (name === '' || /[\s+\p{Cc}]/u.test(name)) {
    throw new NoteError(
      `The key name ${JSON.stringify(name)} is not valid: it must be non-empty, without spaces, "+" or control characters.`,
    );
  }
}

/** The first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key). */
export function keyIdFor(name: string, publicKey: Uint8Array): Buffer {
  const input = Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([ALG_ED25519]), publicKey]);
  return sha256(input).subarray(0, 4);
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  assertKeyName(name);
  if (publicKey.length !== 32) throw new NoteError(`An Ed25519 public key has 32 bytes, not ${publicKey.length}.`);
  const encoded = Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]).toString('base64');
  return `${name}+${keyIdFor(name, publicKey).toString('hex')}+${encoded}`;
}

export function publicKeyObject(raw: Uint8Array): KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new NoteError(`An Ed25519 seed has 32 bytes, not ${seed.length}.`);
  return crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The raw 32-byte public key of an Ed25519 private or public KeyObject. */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length);
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !STRICT_BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

export function parseVerifierKey(text: string): VerifierKey {
  const where = `The verifier key "${text.length > 120 ? text.slice(0, 117) + '...' : text}"`;
  const parts = text.trim().split('+');
  // The base64 part may itself contain '+': name and key ID come first.
  if (parts.length < 3) {
    throw new NoteError(
      `${where} is not of the form <name>+<8 hex digits>+<base64 key>. Copy it again from "signtrail key".`,
    );
  }
  const [name, idHex] = parts;
  const encoded = parts.slice(2).join('+');
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) {
    throw new NoteError(`${where} has "${idHex}" where its 8 lowercase hex digit key ID should be.`);
  }
  const bytes = decodeBase64(encoded);
  if (!bytes) throw new NoteError(`${where} does not end in valid base64.`);
  if (bytes[0] !== ALG_ED25519) {
    throw new NoteError(
      `${where} uses signature algorithm ${bytes[0] ?? 'none'}; SignTrail reads Ed25519 keys (algorithm 1) only.`,
    );
  }
  if (bytes.length !== 33) throw new NoteError(`${where} holds ${bytes.length - 1} key bytes; an Ed25519 key has 32.`);
  const publicKey = bytes.subarray(1);
  const keyId = keyIdFor(name, publicKey);
  if (keyId.toString('hex') !== idHex) {
    throw new NoteError(
      `${where} has key ID ${idHex} but its name and key give ${keyId.toString('hex')}: it was altered or mistyped.`,
    );
  }
  let publicKeyObj: KeyObject;
  try {
    publicKeyObj = publicKeyObject(publicKey);
  } catch {
    throw new NoteError(`${where} does not hold a usable Ed25519 public key.`);
  }
  return {
    name,
    keyId,
    keyIdHex: idHex,
    publicKey,
    text: text.trim(),
    fingerprint: `${name}+${idHex}`,
    publicKeyObject: publicKeyObj,
  };
}

/** Signs a note text (ending in a newline) and returns the whole signed note. */
export function signNote(text: string, key: SigningKey): string {
  if (!text.endsWith('\n')) throw new NoteError('A note text must end with a newline.');
  const signature = crypto.sign(null, Buffer.from(text, 'utf8'), key.privateKey);
  const blob = Buffer.concat([keyIdFor(key.name, key.publicKey), signature]).toString('base64');
  return `${text}\n${SIG_PREFIX}${key.name} ${blob}\n`;
}

export function formatCheckpointBody({ origin, size, root }: CheckpointBody): string {
  if (origin === '' || /[\n]/.test(origin)) throw new NoteError('A checkpoint origin must be one non-empty line.');
  if (!Number.isSafeInteger(size) || size < 0)
    throw new NoteError(`A checkpoint size must be a whole number, not ${size}.`);
  if (root.length !== HASH_SIZE) throw new NoteError(`A checkpoint root has 32 bytes, not ${root.length}.`);
  return `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n`;
}

export function signCheckpoint(body: CheckpointBody, key: SigningKey): string {
  return signNote(formatCheckpointBody(body), key);
}

/** Splits a signed note into its text and signature lines (signed-note format), or says why it cannot. */
export function parseNote(note: string): ParsedNote {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note))
    throw new NoteError('The note holds control characters other than newlines.');
  const split = note.lastIndexOf('\n\n');
  if (split < 0)
    throw new NoteError(
      'The note has no signature block: a blank line and at least one "— <key> <signature>" line must follow the text.',
    );
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteError('The note does not end with a newline after its last signature.');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES)
    throw new NoteError(`The note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are read.`);
  const signatures = lines.map((line, i): NoteSignature => {
    const where = `Signature line ${i + 1} of the note`;
    if (!line.startsWith(SIG_PREFIX))
      throw new NoteError(`${where} does not start with "— " (an em dash and a space).`);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space <= 0 || rest.indexOf(' ', space + 1) >= 0)
      throw new NoteError(`${where} is not "— <key name> <base64 signature>".`);
    const name = rest.slice(0, space);
    assertKeyName(name);
    const blob = decodeBase64(rest.slice(space + 1));
    if (!blob || blob.length < 5)
      throw new NoteError(`${where} (key ${name}) does not hold a valid base64 key ID and signature.`);
    return { name, keyIdHex: blob.subarray(0, 4).toString('hex'), signature: blob.subarray(4), line };
  });
  return { text, signatures };
}

/** Reads a checkpoint note: origin, size and root, with the signatures still to verify. */
export function parseCheckpointNote(note: string): Checkpoint {
  const parsed = parseNote(note);
  const lines = parsed.text.slice(0, -1).split('\n');
  if (lines.length < 3)
    throw new NoteError('The checkpoint text must have at least three lines: origin, size and root.');
  const [origin, sizeText, rootB64, ...extensions] = lines;
  if (origin === '') throw new NoteError('The checkpoint origin (line 1) is empty.');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteError(`The checkpoint size (line 2) "${sizeText}" is not a whole number without leading zeros.`);
  }
  const root = decodeBase64(rootB64);
  if (!root || root.length !== HASH_SIZE)
    throw new NoteError(`The checkpoint root (line 3) "${rootB64}" is not the base64 of 32 bytes.`);
  if (extensions.some((l) => l === '')) throw new NoteError('The checkpoint text has an empty extension line.');
  return { ...parsed, origin, size: Number(sizeText), root, rootB64, extensions };
}

/** Checks every signature of a note against the keys given. A note may carry signatures by other keys. */
export function verifyNoteSignatures(
  note: string | ParsedNote,
  keys: readonly (string | VerifierKey)[],
): SignatureCheck {
  const parsed = typeof note === 'string' ? parseNote(note) : note;
  const known = keys.map((k) => (typeof k === 'string' ? parseVerifierKey(k) : k));
  const message = Buffer.from(parsed.text, 'utf8');
  const result: SignatureCheck = { verified: [], unknown: [], bad: [] };
  for (const sig of parsed.signatures) {
    const candidates = known.filter((k) => k.name === sig.name && k.keyIdHex === sig.keyIdHex);
    if (candidates.length === 0) {
      result.unknown.push(sig);
      continue;
    }
    for (const key of candidates) {
      const ok = sig.signature.length === 64 && crypto.verify(null, message, key.publicKeyObject, sig.signature);
      if (ok) {
        if (!result.verified.includes(key)) result.verified.push(key);
      } else result.bad.push({ signature: sig, key });
    }
  }
  return result;
}
