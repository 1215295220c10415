// A passphrase-protected signing key, for machines with no OS keystore (Linux without a secret
// service): the key seed is encrypted with AES-256-GCM under a key derived from the passphrase
// with scrypt (node:crypto). The file holds salt, nonce, tag and ciphertext, never the seed.
import crypto from 'node:crypto';
import type { KeySealer } from '../integrity/keys';

export const PASSPHRASE_KIND = 'passphrase-scrypt-aes-256-gcm';

const MAGIC = Buffer.from('STPK1');
const SALT = 16;
const NONCE = 12;
const TAG = 16;
// scrypt cost: N = 2^17, r = 8 (128 MiB, about 0.3 s): a guessed passphrase costs an attacker the same.
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const AAD = Buffer.from('signtrail checkpoint signing key v1');
/** The shortest passphrase accepted for a new key. */
export const MIN_PASSPHRASE_LENGTH = 10;

export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
}

function derive(passphrase: string, salt: Buffer): Buffer {
  return crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT);
}

/** A KeySealer bound to one passphrase; derived keys are kept per salt, so each unseal derives once. */
export function createPassphraseSealer(passphrase: string): KeySealer {
  const derived = new Map<string, Buffer>();
  const keyFor = (salt: Buffer) => {
    const id = salt.toString('hex');
    if (!derived.has(id)) derived.set(id, derive(passphrase, salt));
    return derived.get(id)!;
  };
  return {
    kind: PASSPHRASE_KIND,
    seal(plain) {
      const salt = crypto.randomBytes(SALT);
      const nonce = crypto.randomBytes(NONCE);
      const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(salt), nonce);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([MAGIC, salt, nonce, cipher.getAuthTag(), body]);
    },
    unseal(sealed) {
      const head = MAGIC.length + SALT + NONCE + TAG;
      if (sealed.length <= head || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new Error('The sealed key is not in the passphrase format this SignTrail writes.');
      }
      let at = MAGIC.length;
      const salt = sealed.subarray(at, (at += SALT));
      const nonce = sealed.subarray(at, (at += NONCE));
      const tag = sealed.subarray(at, (at += TAG));
      const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(salt), nonce);
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(at)), decipher.final()]);
      } catch {
        throw new WrongPassphraseError('The passphrase is wrong, or the key file was changed.');
      }
    },
  };
}
