// C2SP signed notes and tlog-checkpoints, and interoperability with golang.org/x/mod/sumdb/note.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatVerifierKey,
  keyIdFor,
  parseCheckpointNote,
  parseNote,
  parseVerifierKey,
  privateKeyFromSeed,
  rawPublicKey,
  signCheckpoint,
  signNote,
  type SigningKey,
  verifyNoteSignatures,
} from '../../electron/integrity/note';
import { sha256 } from '../../electron/integrity/hash';

const go = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'sumdb-note.json'), 'utf8')) as {
  signerKey: string;
  peterVerifierKey: string;
  enochVerifierKey: string;
  text: string;
  signedByPeter: string;
  enochSignatureLine: string;
  badVerifierKeys: string[];
};

function newKey(name = 'test-key'): SigningKey {
  const privateKey = privateKeyFromSeed(crypto.randomBytes(32));
  const publicKey = rawPublicKey(privateKey);
  return { name, publicKey, privateKey, verifierKey: formatVerifierKey(name, publicKey) };
}

/** The Go test's private key string: PRIVATE+KEY+<name>+<id>+base64(0x01 || seed); the base64 may hold '+'. */
function goSigner(): SigningKey {
  const parts = go.signerKey.split('+');
  const name = parts[2];
  const seed = Buffer.from(parts.slice(4).join('+'), 'base64').subarray(1);
  const privateKey = privateKeyFromSeed(seed);
  const publicKey = rawPublicKey(privateKey);
  return { name, publicKey, privateKey, verifierKey: formatVerifierKey(name, publicKey) };
}

const body = { origin: 'signtrail/1c0ffee0-0000-4000-8000-000000000000', size: 42, root: sha256('root') };

describe('signed notes and checkpoints', () => {
  it('a checkpoint note is origin, size, base64 root, a blank line and an em-dash signature line', () => {
    const key = newKey();
    const note = signCheckpoint(body, key);
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([body.origin, '42', Buffer.from(body.root).toString('base64'), '']);
    expect(lines[4].startsWith(`\u2014 ${key.name} `)).toBe(true);
    const blob = Buffer.from(lines[4].split(' ')[2], 'base64');
    expect(blob.length).toBe(68);
    expect(blob.subarray(0, 4).equals(keyIdFor(key.name, key.publicKey))).toBe(true);
    expect(note.endsWith('\n')).toBe(true);
  });

  it('round trip: parse gives back origin, size and root, and the signing key verifies', () => {
    const key = newKey();
    const cp = parseCheckpointNote(signCheckpoint(body, key));
    expect(cp.origin).toBe(body.origin);
    expect(cp.size).toBe(42);
    expect(cp.root.equals(body.root)).toBe(true);
    const check = verifyNoteSignatures(cp, [key.verifierKey]);
    expect(check.verified.map((k) => k.name)).toEqual([key.name]);
    expect(check.bad).toEqual([]);
    expect(check.unknown).toEqual([]);
  });

  it('a tampered body fails its signature', () => {
    const key = newKey();
    const tampered = signCheckpoint(body, key).replace('\n42\n', '\n41\n');
    const check = verifyNoteSignatures(tampered, [key.verifierKey]);
    expect(check.verified).toEqual([]);
    expect(check.bad).toHaveLength(1);
  });

  it('a forged signature under a real key name and ID is bad, not unknown', () => {
    const real = newKey('signtrail-aaaa0000');
    const note = signCheckpoint(body, real);
    const forgedBlob = Buffer.concat([keyIdFor(real.name, real.publicKey), crypto.randomBytes(64)]).toString('base64');
    const forged = note.replace(/ [A-Za-z0-9+/=]+\n$/, ` ${forgedBlob}\n`);
    const check = verifyNoteSignatures(forged, [real.verifierKey]);
    expect(check.verified).toEqual([]);
    expect(check.bad.map((b) => b.key.name)).toEqual([real.name]);
  });

  it('a signature by a key not given is reported as unknown', () => {
    const note = signCheckpoint(body, newKey('stranger'));
    const check = verifyNoteSignatures(note, [newKey('mine').verifierKey]);
    expect(check.unknown.map((s) => s.name)).toEqual(['stranger']);
    expect(check.verified).toEqual([]);
  });

  it('refuses malformed notes with a sentence saying what is wrong', () => {
    expect(() => parseNote('origin\n1\nroot\n')).toThrow(/no signature block/);
    expect(() => parseNote('text\n\n- key abc\n')).toThrow(/em dash/);
    expect(() => parseCheckpointNote(signCheckpoint(body, newKey()).replace('\n42\n', '\n042\n'))).toThrow(
      /line 2.*leading zeros/,
    );
    expect(() => parseCheckpointNote('a\n1\nAAAA\n\n\u2014 k AAAAAAAA\n')).toThrow(/line 3/);
  });

  it('parses and formats verifier keys, and refuses altered ones clearly', () => {
    const key = newKey('signtrail-0badf00d');
    const parsed = parseVerifierKey(key.verifierKey);
    expect(parsed.publicKey.equals(key.publicKey)).toBe(true);
    expect(parsed.fingerprint).toBe(`signtrail-0badf00d+${parsed.keyIdHex}`);
    const altered = key.verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    expect(() => parseVerifierKey(altered)).toThrow(/altered or mistyped/);
    expect(() => parseVerifierKey('nonsense')).toThrow(/not of the form/);
    // A name is printed: no control character (an escape could redraw the line), and not echoed raw.
    expect(() => newKey('alice\u001b[2K')).toThrow(/"alice\\u001b\[2K" is not valid/);
    expect(() => newKey('alice\u0085')).toThrow(/control characters/);
  });
});

describe('interoperability with golang.org/x/mod/sumdb/note', () => {
  it('computes the Go test key ID and verifier key from its private key', () => {
    const key = goSigner();
    expect(key.verifierKey).toBe(go.peterVerifierKey);
  });

  it('signs the Go test text to the byte-identical note (Ed25519 is deterministic)', () => {
    expect(signNote(go.text, goSigner())).toBe(go.signedByPeter);
  });

  it('verifies the Go signatures, Peter’s with his key and Enoch’s with his', () => {
    const note = go.signedByPeter + go.enochSignatureLine;
    const check = verifyNoteSignatures(note, [go.peterVerifierKey, go.enochVerifierKey]);
    expect(check.verified.map((k) => k.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    const onlyPeter = verifyNoteSignatures(note, [go.peterVerifierKey]);
    expect(onlyPeter.unknown.map((s) => s.name)).toEqual(['EnochRoot']);
  });

  it('refuses the verifier keys Go refuses', () => {
    for (const bad of go.badVerifierKeys) expect(() => parseVerifierKey(bad)).toThrow();
    const b = go.peterVerifierKey;
    for (let i = 0; i < b.length; i += 7) {
      const mangled = b.slice(0, i) + String.fromCharCode(b.charCodeAt(i) + 1) + b.slice(i + 1);
      expect(() => parseVerifierKey(mangled), mangled).toThrow();
    }
  });
});
