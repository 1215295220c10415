// The passphrase-sealed signing key on a real key file: the file never holds the seed in clear,
// the right passphrase opens it, a wrong one is refused, and so is a file whose bytes were changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { privateKeyFromSeed } from '../../electron/integrity/note';
import { createPassphraseSealer, PASSPHRASE_KIND, WrongPassphraseError } from '../../electron/desktop/passphraseSealer';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-passphrase-key-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** The 32-byte seed of a key, as keys.ts derives the private key from it. */
function seedOf(key: { privateKey: Parameters<typeof privateKeyFromSeed>[0] | object }): Buffer {
  const jwk = (key.privateKey as import('node:crypto').KeyObject).export({ format: 'jwk' });
  return Buffer.from(jwk.d!, 'base64url');
}

describe('passphrase-sealed signing key', () => {
  const passphrase = 'correct horse battery staple';

  it('creates a key file that holds only the sealed seed, and opens it again with the passphrase', () => {
    const created = loadOrCreateSigningKey(home, createPassphraseSealer(passphrase));
    const file = path.join(home, KEY_FILE);
    const raw = fs.readFileSync(file);
    const content = JSON.parse(raw.toString('utf8')) as { sealing: string; privateKey: string };
    expect(content.sealing).toBe(PASSPHRASE_KIND);
    const seed = seedOf(created);
    expect(seed).toHaveLength(32);
    // Neither the raw seed nor any of its usual spellings appear anywhere in the file.
    for (const spelling of [seed, Buffer.from(seed.toString('base64')), Buffer.from(seed.toString('hex'))]) {
      expect(raw.includes(spelling)).toBe(false);
    }
    expect(Buffer.from(content.privateKey, 'base64').includes(seed)).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const again = loadOrCreateSigningKey(home, createPassphraseSealer(passphrase));
    expect(again.verifierKey).toBe(created.verifierKey);
    expect(seedOf(again).equals(seed)).toBe(true);
  });

  it('refuses a wrong passphrase, naming no secret', () => {
    let message = '';
    try {
      loadOrCreateSigningKey(home, createPassphraseSealer('wrong passphrase!'));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/could not unseal the signing key .*passphrase is wrong/);
    expect(message).not.toContain('wrong passphrase!');
    expect(message).not.toContain(passphrase);
    const content = JSON.parse(fs.readFileSync(path.join(home, KEY_FILE), 'utf8')) as { privateKey: string };
    expect(() =>
      createPassphraseSealer('Correct horse battery staple').unseal(Buffer.from(content.privateKey, 'base64')),
    ).toThrow(WrongPassphraseError);
  });

  it('refuses a sealed key whose bytes were changed, even with the right passphrase', () => {
    const content = JSON.parse(fs.readFileSync(path.join(home, KEY_FILE), 'utf8')) as { privateKey: string };
    const sealed = Buffer.from(content.privateKey, 'base64');
    sealed[sealed.length - 1] ^= 0x01;
    expect(() => createPassphraseSealer(passphrase).unseal(sealed)).toThrow(WrongPassphraseError);
    expect(() => createPassphraseSealer(passphrase).unseal(Buffer.from('not a sealed key'))).toThrow(
      /not in the passphrase format/,
    );
  });

  it('seals the same seed differently each time (random salt and nonce)', () => {
    const sealer = createPassphraseSealer(passphrase);
    const seed = Buffer.alloc(32, 7);
    const a = sealer.seal(seed);
    const b = sealer.seal(seed);
    expect(a.equals(b)).toBe(false);
    expect(sealer.unseal(a).equals(seed)).toBe(true);
    expect(sealer.unseal(b).equals(seed)).toBe(true);
  });
});
