import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSafeStorageSealer, type SafeStorageLike } from '../../electron/desktop/safeStorageSealer';

// Reversible, and visibly not the clear text, like a keystore.
const xorStorage = (available = true, backend = 'gnome_libsecret'): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (text) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)),
  decryptString: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString(),
});

describe('safeStorage key sealer', () => {
  it('seals and unseals a key seed, never storing it in clear', () => {
    const sealer = createSafeStorageSealer(xorStorage(), 'linux')!;
    const seed = crypto.randomBytes(32);
    const sealed = sealer.seal(seed);
    expect(sealed.includes(seed)).toBe(false);
    expect(sealer.unseal(sealed).equals(seed)).toBe(true);
    expect(sealer.kind).toBe('electron-safeStorage');
  });

  it('offers no sealer when the OS has no keystore, or Linux falls back to a fixed key', () => {
    expect(createSafeStorageSealer(xorStorage(false), 'win32')).toBeNull();
    expect(createSafeStorageSealer(xorStorage(true, 'basic_text'), 'linux')).toBeNull();
  });
});
