// This installation's checkpoint signing key: Ed25519, created on first use in the SignTrail
// home folder, private part at mode 0600 or sealed by the OS keystore (integrity.md §5).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatVerifierKey, privateKeyFromSeed, rawPublicKey, type SigningKey } from './note';

/** Seals the private key at rest; the desktop app passes one backed by Electron safeStorage. */
export interface KeySealer {
  /** Written to the key file so a later run knows how to open it, e.g. "electron-safeStorage". */
  kind: string;
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export const KEY_FILE = 'signing-key.json';
export const VERIFIER_KEY_FILE = 'signing-key.pub';
const PLAIN = 'none';

interface KeyFile {
  version: 1;
  name: string;
  /** base64 of the raw 32-byte public key. */
  publicKey: string;
  /** "none" or the sealer's kind. */
  sealing: string;
  /** base64 of the 32-byte Ed25519 seed, sealed when `sealing` is not "none". */
  privateKey: string;
  createdAt: string;
}

/** SIGNTRAIL_HOME, else the OS's per-user config folder. */
export function signTrailHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.SIGNTRAIL_HOME) return path.resolve(env.SIGNTRAIL_HOME);
  const home = env.HOME ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'SignTrail');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'SignTrail');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'signtrail');
}

/** Reads the signing key from `home`, creating it (and `home`, mode 0700) on first use. */
export function loadOrCreateSigningKey(home: string, sealer?: KeySealer): SigningKey {
  const file = path.join(home, KEY_FILE);
  if (!fs.existsSync(file)) createKeyFile(home, file, sealer);
  const key = readKeyFile(file, sealer);
  // Published from the key file that landed, so a concurrent first run cannot publish a discarded key.
  const pub = path.join(home, VERIFIER_KEY_FILE);
  const line = key.verifierKey + '\n';
  if (!fs.existsSync(pub) || fs.readFileSync(pub, 'utf8') !== line) fs.writeFileSync(pub, line, { mode: 0o644 });
  return key;
}

function createKeyFile(home: string, file: string, sealer: KeySealer | undefined): void {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const seed = crypto.randomBytes(32);
  const publicKey = rawPublicKey(privateKeyFromSeed(seed));
  const name = `signtrail-${crypto.randomBytes(4).toString('hex')}`;
  const content: KeyFile = {
    version: 1,
    name,
    publicKey: publicKey.toString('base64'),
    sealing: sealer ? sealer.kind : PLAIN,
    privateKey: (sealer ? sealer.seal(seed) : seed).toString('base64'),
    createdAt: new Date().toISOString(),
  };
  // Written beside the target then linked into place: a concurrent first run keeps whichever key landed first.
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function readKeyFile(file: string, sealer: KeySealer | undefined): SigningKey {
  let content: KeyFile;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (err) {
    throw new SigningKeyError(
      `Cannot read the signing key ${file}: ${(err as Error).message}. Restore it from a backup, or move it away to create a new key (checkpoints it signed then verify only with its old verifier key).`,
    );
  }
  if (content.version !== 1 || typeof content.name !== 'string' || typeof content.privateKey !== 'string') {
    throw new SigningKeyError(
      `The signing key ${file} is not in a format this SignTrail reads (version ${String(content.version)}).`,
    );
  }
  if (content.sealing === PLAIN && process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new SigningKeyError(
        `The signing key ${file} is readable by other users (mode ${mode.toString(8)}). Run "chmod 600 ${file}" and try again.`,
      );
    }
  }
  const stored = Buffer.from(content.privateKey, 'base64');
  let seed: Buffer;
  if (content.sealing === PLAIN) seed = stored;
  else if (!sealer || sealer.kind !== content.sealing) {
    throw new SigningKeyError(
      `The signing key ${file} is sealed with "${content.sealing}", which this program cannot open${sealer ? ` (it has "${sealer.kind}")` : ''}. Use the SignTrail app, or set SIGNTRAIL_HOME to another folder for a separate key.`,
    );
  } else {
    try {
      seed = sealer.unseal(stored);
    } catch (err) {
      throw new SigningKeyError(`The OS keystore could not unseal the signing key ${file}: ${(err as Error).message}.`);
    }
  }
  const privateKey = privateKeyFromSeed(seed);
  const publicKey = rawPublicKey(privateKey);
  if (publicKey.toString('base64') !== content.publicKey) {
    throw new SigningKeyError(`The signing key ${file} is damaged: its private and public halves do not match.`);
  }
  return { name: content.name, publicKey, privateKey, verifierKey: formatVerifierKey(content.name, publicKey) };
}
