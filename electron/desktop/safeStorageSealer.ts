// Seals the checkpoint signing key with the OS keystore (Electron safeStorage: Keychain, DPAPI,
// libsecret/kwallet), so the private key never sits on disk in clear (integrity.md section 5).
import type { KeySealer } from '../integrity/keys';

export type { KeySealer };
export const SAFE_STORAGE_KIND = 'electron-safeStorage';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** Null when the OS offers no real keystore (Linux without a secret service falls back to a fixed key). */
export function createSafeStorageSealer(
  safeStorage: SafeStorageLike,
  platform: string = process.platform,
): KeySealer | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    kind: SAFE_STORAGE_KIND,
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
