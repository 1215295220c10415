// The installation's signing key: where it lives, how it is protected, how it is sealed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KEY_FILE,
  VERIFIER_KEY_FILE,
  loadOrCreateSigningKey,
  signTrailHome,
  type KeySealer,
} from '../../electron/integrity/keys';
import {
  parseCheckpointNote,
  parseVerifierKey,
  signCheckpoint,
  verifyNoteSignatures,
} from '../../electron/integrity/note';
import { sha256 } from '../../electron/integrity/hash';

const WINDOWS = process.platform === 'win32';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-keys-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const xorSealer: KeySealer = {
  kind: 'test-xor',
  seal: (b) => Buffer.from(b.map((x) => x ^ 0x5a)),
  unseal: (b) => Buffer.from(b.map((x) => x ^ 0x5a)),
};

describe('signing key', () => {
  it('SIGNTRAIL_HOME wins; otherwise the OS config folder', () => {
    expect(signTrailHome({ SIGNTRAIL_HOME: '/x/home' }, 'linux')).toBe('/x/home');
    expect(signTrailHome({ HOME: '/h' }, 'linux')).toBe('/h/.config/signtrail');
    expect(signTrailHome({ HOME: '/h', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/signtrail');
    expect(signTrailHome({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Application Support/SignTrail');
    expect(signTrailHome({ HOME: '/h', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('SignTrail');
  });

  it('is created on first use, named signtrail-<8 hex>', () => {
    const key = loadOrCreateSigningKey(path.join(dir, 'home'));
    expect(key.name).toMatch(/^signtrail-[0-9a-f]{8}$/);
    expect(key.publicKey).toHaveLength(32);
    expect(parseVerifierKey(key.verifierKey).publicKey.equals(key.publicKey)).toBe(true);
  });

  it.skipIf(WINDOWS)('is created with mode 0600 in a 0700 folder (skipped on Windows: no POSIX modes)', () => {
    const home = path.join(dir, 'home');
    loadOrCreateSigningKey(home);
    expect(fs.statSync(path.join(home, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
  });

  it('is the same key on every later load, and it signs checkpoints its verifier key accepts', () => {
    const first = loadOrCreateSigningKey(dir);
    const again = loadOrCreateSigningKey(dir);
    expect(again.verifierKey).toBe(first.verifierKey);
    const note = signCheckpoint({ origin: 'o', size: 1, root: sha256('x') }, again);
    expect(verifyNoteSignatures(parseCheckpointNote(note), [first.verifierKey]).verified).toHaveLength(1);
  });

  it('publishes the verifier key of the key file that is in place, even if another run wrote a different one', () => {
    const key = loadOrCreateSigningKey(dir);
    const pub = path.join(dir, VERIFIER_KEY_FILE);
    expect(fs.readFileSync(pub, 'utf8')).toBe(key.verifierKey + '\n');
    fs.writeFileSync(pub, 'signtrail-00000000+00000000+AQ==\n');
    expect(loadOrCreateSigningKey(dir).verifierKey).toBe(key.verifierKey);
    expect(fs.readFileSync(pub, 'utf8')).toBe(key.verifierKey + '\n');
  });

  it('a sealer seals the private key at rest and is needed to open it', () => {
    const key = loadOrCreateSigningKey(dir, xorSealer);
    const file = JSON.parse(fs.readFileSync(path.join(dir, KEY_FILE), 'utf8')) as { sealing: string };
    expect(file.sealing).toBe('test-xor');
    expect(loadOrCreateSigningKey(dir, xorSealer).verifierKey).toBe(key.verifierKey);
    expect(() => loadOrCreateSigningKey(dir)).toThrow(/sealed with "test-xor"/);
  });

  it.skipIf(WINDOWS)('refuses a plain key file that other users can read (skipped on Windows: no POSIX modes)', () => {
    loadOrCreateSigningKey(dir);
    fs.chmodSync(path.join(dir, KEY_FILE), 0o644);
    expect(() => loadOrCreateSigningKey(dir)).toThrow(/chmod 600/);
  });
});
