// The verify.mjs every evidence package carries (docs/evidence.md): one file, no dependencies, run
// as `node verify.mjs DIR`. Kept as text here so the package writer copies it byte for byte; the
// tests run it on real packages. It shares no code with SignTrail on purpose.
export const VERIFY_MJS = String.raw`// SignTrail evidence package verifier (docs/evidence.md). No dependencies: Node.js 18 or later.
// Usage: node verify.mjs DIR
// Checks, offline, with nothing but the files of the package:
//   - manifest.sig: the manifest is signed by the key in "key" (so no file list was changed);
//   - every file's SHA-256 against the manifest, and that no file was added or removed;
//   - each event in events.ndjson: its RFC 6962 inclusion proof (proofs/<seq>.tlog-proof, the
//     c2sp.org/tlog-proof@v1 format) against the signed checkpoint in "checkpoint";
//   - each journal entry in journal.ndjson: the same against "journal-checkpoint";
//   - consistency.proof: the case's oldest checkpoint is a prefix of the one in "checkpoint".
// Prints one line per event and per journal entry; exits 1 when anything fails.
// Trust: the verifier key must be the one its owner gave you by a channel you trust; compare it.
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2] || '.';
let failures = 0;
// Everything printed may come from the package (names, labels, messages): control characters, line
// and paragraph separators and bidirectional overrides are printed as \uXXXX, so a hostile package
// can neither add lines ("VERIFIED: ...") nor send terminal escapes that redraw what was printed.
const printable = (text) =>
  String(text).replace(
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
const say = (line) => process.stdout.write(printable(line) + '\n');
const fail = (line) => {
  failures++;
  say('FAIL ' + line);
};
const sha = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
// A name from the manifest is hostile: only plain relative paths inside the package, no "..", no
// backslash, no empty or dot segment, and only regular files (never a link, a FIFO or a device).
const safeName = (name) =>
  typeof name === 'string' &&
  name.length > 0 &&
  !name.startsWith('/') &&
  !/[\\\0]/.test(name) &&
  name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
const read = (name) => {
  if (!safeName(name)) return null;
  try {
    const full = join(dir, name);
    if (!lstatSync(full).isFile()) return null;
    return readFileSync(full);
  } catch {
    return null;
  }
};

// C2SP signed-note key names: non-empty, well-formed UTF-8, no Unicode space and no "+"; control
// characters are refused too (no key SignTrail makes has one, and a name is printed).
const KEY_NAME = /^[^\s+\p{Cc}]+$/u;

function parseKey(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).trim();
  } catch {
    return null;
  }
  const parts = text.split('+');
  if (parts.length < 3) return null;
  const name = parts[0];
  const id = parts[1];
  const b64 = parts.slice(2).join('+');
  if (!KEY_NAME.test(name) || !/^[0-9a-f]{8}$/.test(id) || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== 1 || raw.toString('base64') !== b64) return null;
  if (sha(Buffer.from(name + '\n', 'utf8'), raw).subarray(0, 4).toString('hex') !== id) return null;
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]);
  return { name, id, text, pub: createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
}

/** A C2SP signed note with a tlog-checkpoint body, signed by the key; throws a sentence when not. */
function openCheckpoint(text, key) {
  const cut = text.lastIndexOf('\n\n');
  if (cut < 0) throw new Error('it is not a signed note');
  const body = text.slice(0, cut + 1);
  const signed = text
    .slice(cut + 2)
    .split('\n')
    .filter((l) => l !== '')
    .some((line) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m || m[1] !== key.name) return false;
      const blob = Buffer.from(m[2], 'base64');
      return (
        blob.length === 68 &&
        blob.subarray(0, 4).toString('hex') === key.id &&
        edVerify(null, Buffer.from(body, 'utf8'), key.pub, blob.subarray(4))
      );
    });
  if (!signed) throw new Error('it carries no valid signature by the key ' + key.name + '+' + key.id);
  const lines = body.split('\n');
  if (!/^(0|[1-9][0-9]*)$/.test(lines[1] || '')) throw new Error('its size line is not a number');
  const root = Buffer.from(lines[2] || '', 'base64');
  if (root.length !== 32) throw new Error('its root line is not a base64 SHA-256 hash');
  return { origin: lines[0], size: Number(lines[1]), root };
}

const HASH_LINE = /^[A-Za-z0-9+/]{43}=$/;

/** c2sp.org/tlog-proof@v1: index, inclusion path, checkpoint note. */
function parseTlogProof(text) {
  const lines = text.split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1') throw new Error('line 1 is not c2sp.org/tlog-proof@v1');
  let i = 1;
  if ((lines[i] || '').startsWith('extra ')) i++;
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[i] || '');
  if (!m) throw new Error('line ' + (i + 1) + ' is not "index N"');
  const path = [];
  for (i++; i < lines.length && lines[i] !== ''; i++) {
    if (!HASH_LINE.test(lines[i])) throw new Error('line ' + (i + 1) + ' is not a base64 hash');
    path.push(Buffer.from(lines[i], 'base64'));
  }
  if (i >= lines.length) throw new Error('no empty line before the checkpoint');
  return { index: Number(m[1]), path, note: lines.slice(i + 1).join('\n') };
}

/** RFC 9162 section 2.1.3.2. */
function inclusionRoot(index, size, leaf, path) {
  if (index >= size) return null;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else r = sha(Buffer.from([1]), r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/** RFC 9162 section 2.1.4.2. */
function consistent(size1, size2, root1, root2, path) {
  if (size1 === size2) return path.length === 0 && root1.equals(root2);
  if (size1 === 0 || size1 > size2 || path.length === 0) return false;
  const seq = (size1 & (size1 - 1)) === 0 ? [root1, ...path] : path;
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = seq[0];
  let sr = seq[0];
  for (const c of seq.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = sha(Buffer.from([1]), c, fr);
      sr = sha(Buffer.from([1]), c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else sr = sha(Buffer.from([1]), sr, c);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && fr.equals(root1) && sr.equals(root2);
}

function listFiles(base) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      // lstat: a link is listed as itself (and refused by read), never followed out of the package.
      if (lstatSync(full).isDirectory()) walk(full);
      else out.push(relative(base, full).split(sep).join('/'));
    }
  };
  walk(base);
  return out.sort();
}

function main() {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    say('FAIL ' + dir + ' is not a folder. Usage: node verify.mjs DIR');
    return 2;
  }
  const key = parseKey(read('key') || Buffer.alloc(0));
  if (!key) {
    fail('key: not a valid verifier key (<name>+<key ID>+<base64 Ed25519 key>, the name without spaces, "+" or control characters), or its key ID does not match');
    return 1;
  }
  say('Verifier key: ' + key.text + '  (compare it with the key its owner gave you)');

  // The manifest and its signature: the manifest fixes the SHA-256 of every other file.
  const manifestBytes = read('manifest.json');
  const sigText = (read('manifest.sig') || Buffer.alloc(0)).toString('utf8');
  let manifest;
  try {
    if (!manifestBytes) throw new Error('manifest.json is missing');
    const signed = openCheckpoint(sigText, key);
    if (!signed.root.equals(sha(manifestBytes))) throw new Error('manifest.json is not the manifest that was signed');
    manifest = JSON.parse(manifestBytes.toString('utf8'));
  } catch (err) {
    fail('manifest.json / manifest.sig: ' + err.message + ': the manifest or its signature was changed');
    return 1;
  }
  const files = manifest.files || {};
  const present = listFiles(dir).filter((f) => f !== 'manifest.json' && f !== 'manifest.sig');
  const changed = new Set();
  for (const name of Object.keys(files).sort()) {
    if (!safeName(name)) {
      fail(JSON.stringify(name) + ': not a file inside the package; refused, nothing outside it is read');
      continue;
    }
    const bytes = read(name);
    if (!bytes) fail(name + ': missing from the package');
    else if (sha(bytes).toString('hex') !== files[name]) {
      changed.add(name);
      fail(name + ': changed since the package was made (its SHA-256 differs from the manifest)');
    }
  }
  for (const name of present)
    if (!Object.prototype.hasOwnProperty.call(files, name)) fail(name + ': not part of the package (added afterwards)');

  const checkLog = (what, ndjson, checkpointFile, list) => {
    if (list.length === 0) return;
    let cp;
    const cpText = (read(checkpointFile) || Buffer.alloc(0)).toString('utf8');
    try {
      cp = openCheckpoint(cpText, key);
      if (cp.origin !== manifest.origins[what]) throw new Error('it is for ' + cp.origin + ', not ' + manifest.origins[what]);
    } catch (err) {
      fail(checkpointFile + ': ' + err.message + '; no ' + what + ' can be proven');
      cp = null;
    }
    const lines = (read(ndjson) || Buffer.alloc(0)).toString('utf8').split('\n');
    if (lines.pop() !== '') fail(ndjson + ': does not end with a newline');
    if (lines.length !== list.length) fail(ndjson + ': holds ' + lines.length + ' lines, the manifest lists ' + list.length);
    for (const item of list) {
      const label = (what === 'events' ? 'event seq ' : 'journal entry ') + item.seq + ' (' + item.label + ')';
      const where = ndjson + ' line ' + item.line + ', ' + item.proof;
      try {
        const bytes = lines[item.line - 1];
        if (bytes === undefined) throw new Error('its line is missing');
        const proof = parseTlogProof((read(item.proof) || Buffer.alloc(0)).toString('utf8'));
        if (proof.index !== item.seq - 1) throw new Error('the proof is for index ' + proof.index + ', not ' + (item.seq - 1));
        if (proof.note !== cpText) throw new Error('the proof is against another checkpoint than ' + checkpointFile);
        if (!cp) throw new Error(checkpointFile + ' does not verify');
        const leaf = sha(Buffer.from([0]), Buffer.from(bytes, 'utf8'));
        const root = inclusionRoot(proof.index, cp.size, leaf, proof.path);
        if (!root || !root.equals(cp.root)) throw new Error('its bytes and proof do not lead to the signed root');
        say('OK   ' + label + ': in the ' + what + ' log at index ' + proof.index + ' of ' + cp.size + ', signed');
      } catch (err) {
        fail(label + ': ' + err.message + ' [' + where + ']');
      }
    }
  };
  checkLog('events', 'events.ndjson', 'checkpoint', manifest.events || []);
  checkLog('journal', 'journal.ndjson', 'journal-checkpoint', manifest.journal || []);

  // Only grown, never rewritten: the oldest checkpoint of the case is a prefix of the newest.
  try {
    const text = (read('consistency.proof') || Buffer.alloc(0)).toString('utf8');
    const lines = text.split('\n');
    if (lines[0] !== 'signtrail.dev/consistency-proof@v1') throw new Error('line 1 is not signtrail.dev/consistency-proof@v1');
    const path = [];
    let i = 1;
    for (; i < lines.length && lines[i] !== ''; i++) {
      if (!HASH_LINE.test(lines[i])) throw new Error('line ' + (i + 1) + ' is not a base64 hash');
      path.push(Buffer.from(lines[i], 'base64'));
    }
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j] !== '') j++;
    j++;
    while (j < lines.length && lines[j] !== '') j++;
    const older = openCheckpoint(lines.slice(start, j).join('\n') + '\n', key);
    const newerText = lines.slice(j + 1).join('\n');
    const newer = openCheckpoint(newerText, key);
    if (newerText !== (read('checkpoint') || '').toString()) throw new Error('its newer checkpoint is not the one in "checkpoint"');
    if (!consistent(older.size, newer.size, older.root, newer.root, path)) throw new Error('the proof does not verify');
    say('OK   consistency: the checkpoint at size ' + older.size + ' is a prefix of the one at size ' + newer.size);
  } catch (err) {
    fail('consistency.proof: ' + err.message);
  }

  const events = (manifest.events || []).length;
  const entries = (manifest.journal || []).length;
  if (failures === 0) say('VERIFIED: ' + events + ' events and ' + entries + ' journal entries, every file as signed.');
  else say('NOT VERIFIED: ' + failures + ' problem(s) above.');
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
`;
