// Issue 9, hole 9: where the OS offers no keystore, the desktop signing key is never kept in clear
// silently. The user is told and chooses: a file only they can read (mode 0600), or a key sealed
// with a passphrase (passphraseSealer.ts) typed at each start. The choice of a clear file is
// remembered in the app data folder, so the question is asked once; a passphrase is asked for at
// every start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KEY_FILE, loadOrCreateSigningKey, type KeySealer } from '../integrity/keys';
import {
  createPassphraseSealer,
  MIN_PASSPHRASE_LENGTH,
  PASSPHRASE_KIND,
  WrongPassphraseError,
} from './passphraseSealer';

export const KEY_CHOICE_FILE = 'key-protection.json';
const CLEAR = 'none';
const UNLOCK_TRIES = 3;

export interface KeyProtectionUi {
  /** A native message box; answers the index of the button chosen. */
  choose(message: string, detail: string, buttons: string[]): Promise<number>;
  /** Asks for a passphrase in the app's own prompt window; null when the user cancels. */
  passphrase(mode: 'new' | 'unlock', problem?: string): Promise<string | null>;
}

export class KeyProtectionDeclined extends Error {
  override name = 'KeyProtectionDeclined';
}

interface StoredKey {
  sealing: string;
  privateKey: string;
}

function readStoredKey(file: string): StoredKey | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoredKey>;
    return typeof parsed.sealing === 'string' && typeof parsed.privateKey === 'string'
      ? { sealing: parsed.sealing, privateKey: parsed.privateKey }
      : null;
  } catch {
    return null;
  }
}

function clearChosen(home: string): boolean {
  try {
    const choice = JSON.parse(fs.readFileSync(path.join(home, KEY_CHOICE_FILE), 'utf8')) as { keep?: unknown };
    return choice.keep === 'clear-0600';
  } catch {
    return false;
  }
}

function rememberClear(home: string): void {
  const content = JSON.stringify({ keep: 'clear-0600', chosenAt: new Date().toISOString() }) + '\n';
  fs.writeFileSync(path.join(home, KEY_CHOICE_FILE), content, { mode: 0o600 });
}

const CHOICE_MESSAGE = 'This computer has no keystore to protect SignTrail’s signing key';
const CHOICE_DETAIL =
  'SignTrail signs the checkpoints that seal your cases with a key kept in its app data folder. ' +
  'No OS keystore (Keychain, Windows DPAPI, GNOME Keyring or KWallet) is available here, so the key ' +
  'would be stored in clear in a file only your user account can read (mode 0600): anyone who can ' +
  'read your files, or a backup of them, could sign checkpoints as this installation.\n\n' +
  'Protect it with a passphrase instead? You will type it each time SignTrail starts.';
const BUTTONS = ['Quit', 'Keep it in a 0600 file', 'Protect it with a passphrase'];

async function newPassphraseSealer(ui: KeyProtectionUi): Promise<KeySealer> {
  let problem: string | undefined;
  for (;;) {
    const passphrase = await ui.passphrase('new', problem);
    if (passphrase === null) throw new KeyProtectionDeclined('No passphrase was given; SignTrail stops.');
    if (passphrase.length >= MIN_PASSPHRASE_LENGTH) return createPassphraseSealer(passphrase);
    problem = `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  }
}

/** Writes the existing key's seed again, sealed with `sealer`, replacing the clear file atomically. */
function resealKeyFile(file: string, sealer: KeySealer): void {
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKey & Record<string, unknown>;
  const seed = Buffer.from(content.privateKey, 'base64');
  const next = { ...content, sealing: sealer.kind, privateKey: sealer.seal(seed).toString('base64') };
  seed.fill(0);
  const temp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  fs.renameSync(temp, file);
}

/**
 * The sealer for the signing key in `home`: the OS keystore's when there is one; else, after
 * asking, a passphrase sealer or none (a 0600 file, chosen by the user). The key is created here,
 * so the choice is made once, before any case is open. Throws KeyProtectionDeclined on Quit.
 */
export async function chooseKeyProtection(
  home: string,
  keystore: KeySealer | null,
  ui: KeyProtectionUi,
): Promise<KeySealer | null> {
  if (keystore) return keystore;
  const file = path.join(home, KEY_FILE);
  const stored = readStoredKey(file);

  if (stored?.sealing === PASSPHRASE_KIND) {
    let problem: string | undefined;
    for (let attempt = 1; attempt <= UNLOCK_TRIES; attempt++) {
      const passphrase = await ui.passphrase('unlock', problem);
      if (passphrase === null) throw new KeyProtectionDeclined('The signing key was not unlocked; SignTrail stops.');
      const sealer = createPassphraseSealer(passphrase);
      try {
        sealer.unseal(Buffer.from(stored.privateKey, 'base64')).fill(0);
        return sealer;
      } catch (err) {
        if (!(err instanceof WrongPassphraseError)) throw err;
        problem = `That passphrase does not open the key (try ${attempt} of ${UNLOCK_TRIES}).`;
      }
    }
    throw new KeyProtectionDeclined(`The passphrase was wrong ${UNLOCK_TRIES} times; SignTrail stops.`);
  }
  // Sealed by a keystore this machine no longer has: keys.ts says so when the key is used.
  if (stored && stored.sealing !== CLEAR) return null;
  // "Keep it in a 0600 file" was chosen before (the key is made now if it was moved away).
  if (clearChosen(home)) {
    if (!stored) loadOrCreateSigningKey(home);
    return null;
  }

  const answer = await ui.choose(CHOICE_MESSAGE, CHOICE_DETAIL, BUTTONS);
  if (answer === 1) {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    loadOrCreateSigningKey(home);
    rememberClear(home);
    return null;
  }
  if (answer !== 2) throw new KeyProtectionDeclined('SignTrail stops: the signing key’s protection was not chosen.');
  const sealer = await newPassphraseSealer(ui);
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  // A key kept in clear before this choice existed is sealed now; otherwise a new one is made sealed.
  if (stored) resealKeyFile(file, sealer);
  else loadOrCreateSigningKey(home, sealer);
  return sealer;
}
