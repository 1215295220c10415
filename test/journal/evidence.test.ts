// `signtrail prove` and `signtrail evidence` on real case files: proofs an independent tlog-proof
// verifier accepts (test/helpers/independentTlog.ts, written from the C2SP text), a package whose
// own verify.mjs, run by node in a child process, passes it and fails on any changed byte.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { parseConsistencyProof } from '../../electron/integrity/tlogProof';
import { openStore } from '../../electron/store/db';
import { checkNote, checkTlogProof, rootsFromConsistency } from '../helpers/independentTlog';
import { record } from '../helpers/records';
import { appendRecords } from '../helpers/store';
import { cli, CSV, importedCase } from './cliHelpers';

function runVerify(script: string, dir: string): { code: number; out: string } {
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { code: run.status ?? -1, out: run.stdout + run.stderr };
}

async function caseWithJournal() {
  const c = await importedCase();
  const s = c.store;
  await cli('tag', '--store', s, '--event', 'seq:2', '--event', 'seq:4', '--tag', 'suspicious');
  await cli('comment', '--store', s, '--event', 'seq:4', '--text', 'exported after hours');
  await cli('star', '--store', s, '--event', 'seq:5');
  const origin = openStore(s).prepare("SELECT value FROM meta WHERE key = 'origin'").pluck().get() as string;
  return { ...c, origin, key: loadOrCreateSigningKey(c.home).verifierKey };
}

describe('signtrail prove', () => {
  it('writes a tlog-proof and the exact canonical bytes beside it; an independent verifier accepts them', async () => {
    const { store, dir, key, origin } = await caseWithJournal();
    const out = path.join(dir, 'evt4.tlog-proof');
    const run = await cli('prove', '--store', store, '--event', 'seq:4', '--out', out);
    expect(run.code, run.err).toBe(0);
    const bytes = fs.readFileSync(out + '.event');
    expect(bytes.at(-1)).not.toBe(0x0a);
    expect(JSON.parse(bytes.toString()).action).toBe('KEY_EXPORTED');
    expect(checkTlogProof(fs.readFileSync(out, 'utf8'), bytes, key, origin)).toMatchObject({ index: 3, size: 5 });
    // By ID too, and to standard output.
    const id = JSON.parse(bytes.toString()).id as string;
    const stdout = await cli('prove', '--store', store, '--event', id);
    expect(stdout.out).toBe(fs.readFileSync(out, 'utf8'));
    // A journal entry has proofs of its own, in the journal's log.
    const entry = await cli('prove', '--store', store, '--journal', '--event', 'seq:2', '--out', path.join(dir, 'j2'));
    expect(entry.code, entry.err).toBe(0);
    expect(
      checkTlogProof(fs.readFileSync(path.join(dir, 'j2'), 'utf8'), fs.readFileSync(path.join(dir, 'j2.event')), key),
    ).toMatchObject({ index: 1, origin: `${origin}/journal` });
  });

  it('refuses an event outside every checkpoint: seal first', async () => {
    const { store } = await importedCase();
    const db = openStore(store);
    appendRecords(db, [record({ id: 'unsealed-1' })]);
    db.close();
    const run = await cli('prove', '--store', store, '--event', 'unsealed-1');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Event 6 is outside every checkpoint \(the newest seals 5\): seal first/);
  });

  it('writes a consistency proof between two checkpoints, with both', async () => {
    const { store, dir, home } = await importedCase();
    const more = path.join(dir, 'more.csv');
    fs.writeFileSync(more, CSV.replace(/2026-03-02/g, '2026-03-03'));
    expect((await cli('import', '--store', store, more)).code).toBe(0);
    const out = path.join(dir, 'grown.proof');
    const run = await cli('prove', '--store', store, '--from-size', '5', '--out', out);
    expect(run.code, run.err).toBe(0);
    const file = parseConsistencyProof(fs.readFileSync(out, 'utf8'));
    const key = loadOrCreateSigningKey(home).verifierKey;
    const older = checkNote(file.older.note, key);
    const newer = checkNote(file.newer.note, key);
    expect([older.size, newer.size]).toEqual([5, 10]);
    const roots = rootsFromConsistency(5, 10, older.root, file.proof);
    expect(roots?.[0].equals(older.root) && roots[1].equals(newer.root)).toBe(true);
    const wrong = await cli('prove', '--store', store, '--from-size', '3');
    expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/sizes 5, 10/) });
  });
});

describe('signtrail evidence', () => {
  it('writes a package its verify.mjs passes, one line per event, and an independent verifier agrees', async () => {
    const { store, dir, key, origin } = await caseWithJournal();
    const out = path.join(dir, 'package');
    const run = await cli('evidence', '--store', store, '--out', out, '--tag', 'suspicious');
    expect(run.code, run.err).toBe(0);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual([
      'README.txt',
      'checkpoint',
      'consistency.proof',
      'events.ndjson',
      'journal-checkpoint',
      'journal-proofs',
      'journal.ndjson',
      'key',
      'manifest.json',
      'manifest.sig',
      'proofs',
      'verify.mjs',
    ]);
    const verified = runVerify(path.join(out, 'verify.mjs'), out);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/^OK {3}event seq 2 /m);
    expect(verified.out).toMatch(/^OK {3}event seq 4 /m);
    expect(verified.out).toMatch(/^OK {3}journal entry 2 \(tag by Ada Investigator\)/m);
    expect(verified.out).toMatch(/^OK {3}journal entry 3 \(comment by Ada Investigator\)/m);
    expect(verified.out).not.toMatch(/star/);
    expect(verified.out).toMatch(/VERIFIED: 2 events and 2 journal entries/);

    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      events: { seq: number; line: number; proof: string }[];
    };
    const lines = fs.readFileSync(path.join(out, 'events.ndjson'), 'utf8').split('\n');
    for (const item of manifest.events) {
      const proof = fs.readFileSync(path.join(out, item.proof), 'utf8');
      expect(checkTlogProof(proof, Buffer.from(lines[item.line - 1]), key, origin).index).toBe(item.seq - 1);
    }
    // The package is on the record.
    const journal = JSON.parse((await cli('journal', '--store', store, '--json')).out) as {
      kind: string;
      body: { manifestSha256?: string };
    }[];
    expect(journal.at(-1)).toMatchObject({
      kind: 'evidence',
      body: { manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('fails on a changed byte in any file, naming the file (and the event, for its bytes or proof)', async () => {
    const { store, dir } = await caseWithJournal();
    const out = path.join(dir, 'package');
    expect((await cli('evidence', '--store', store, '--out', out, '--status', 'DENIED,SUCCESS')).code).toBe(0);
    const script = path.join(out, 'verify.mjs');
    const expectations: [string, RegExp[]][] = [
      ['events.ndjson', [/FAIL events\.ndjson: changed/, /FAIL event seq \d+ .*events\.ndjson line/]],
      ['proofs/4.tlog-proof', [/FAIL proofs\/4\.tlog-proof: changed/, /FAIL event seq 4 /]],
      ['checkpoint', [/FAIL checkpoint/]],
      ['journal.ndjson', [/FAIL journal\.ndjson: changed/, /FAIL journal entry \d+/]],
      ['journal-proofs/3.tlog-proof', [/FAIL journal-proofs\/3\.tlog-proof: changed/, /FAIL journal entry 3 /]],
      ['consistency.proof', [/FAIL consistency\.proof/]],
      ['README.txt', [/FAIL README\.txt: changed/]],
      ['verify.mjs', [/FAIL verify\.mjs: changed/]],
      ['manifest.json', [/FAIL manifest\.json/]],
      ['manifest.sig', [/FAIL manifest\.json \/ manifest\.sig/]],
      ['key', [/FAIL key|FAIL manifest/]],
    ];
    for (const [file, patterns] of expectations) {
      const copy = path.join(dir, `tampered-${file.replace(/\W/g, '_')}`);
      fs.cpSync(out, copy, { recursive: true });
      const target = path.join(copy, file);
      const bytes = fs.readFileSync(target);
      // One byte in the middle, changed to another printable character.
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      fs.writeFileSync(target, bytes);
      const result = runVerify(script, copy);
      expect(result.code, `${file}\n${result.out}`).toBe(1);
      for (const p of patterns) expect(result.out, file).toMatch(p);
    }
    // A file slipped in afterwards is named too.
    fs.writeFileSync(path.join(out, 'extra.txt'), 'x');
    expect(runVerify(script, out).out).toMatch(/FAIL extra\.txt: not part of the package/);
  });

  it('reads nothing outside the package: a manifest naming ../, a link, or a file under an inherited name fails', async () => {
    const { store, dir, home, origin } = await caseWithJournal();
    const out = path.join(dir, 'package');
    expect((await cli('evidence', '--store', store, '--out', out)).code).toBe(0);
    const script = path.join(out, 'verify.mjs');
    expect(runVerify(script, out).code).toBe(0);

    // A file slipped in under a name every object inherits ("constructor") is still named.
    const inherited = path.join(dir, 'inherited');
    fs.cpSync(out, inherited, { recursive: true });
    fs.writeFileSync(path.join(inherited, 'constructor'), 'x');
    const added = runVerify(script, inherited);
    expect(added.code).toBe(1);
    expect(added.out).toMatch(/FAIL constructor: not part of the package/);

    // A listed file replaced by a link to the same bytes outside is not read through the link.
    const linked = path.join(dir, 'linked');
    fs.cpSync(out, linked, { recursive: true });
    const outside = path.join(dir, 'README-outside.txt');
    fs.copyFileSync(path.join(linked, 'README.txt'), outside);
    fs.rmSync(path.join(linked, 'README.txt'));
    fs.symlinkSync(outside, path.join(linked, 'README.txt'));
    const viaLink = runVerify(script, linked);
    expect(viaLink.code).toBe(1);
    expect(viaLink.out).toMatch(/FAIL README\.txt: missing/);

    // A manifest (signed, here by the case's own key) that names a file outside the package.
    const escaped = path.join(dir, 'escaped');
    fs.cpSync(out, escaped, { recursive: true });
    const secret = path.join(dir, 'secret.txt');
    fs.writeFileSync(secret, 'not in the package');
    const manifest = JSON.parse(fs.readFileSync(path.join(escaped, 'manifest.json'), 'utf8'));
    manifest.files['../secret.txt'] = createHash('sha256').update(fs.readFileSync(secret)).digest('hex');
    const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    fs.writeFileSync(path.join(escaped, 'manifest.json'), bytes);
    const signer = createSigner(loadOrCreateSigningKey(home));
    const sig = signer.sign(`${origin}/evidence`, manifest.events.length, createHash('sha256').update(bytes).digest());
    fs.writeFileSync(path.join(escaped, 'manifest.sig'), sig);
    const outsideRun = runVerify(script, escaped);
    expect(outsideRun.code).toBe(1);
    expect(outsideRun.out).toMatch(/FAIL "\.\.\/secret\.txt": not a file inside the package/);
    expect(outsideRun.out).toMatch(/^NOT VERIFIED/m);
  });

  it('prints nothing raw from the package: a key name with terminal escapes is refused, file names are escaped', async () => {
    const { store, dir, home, origin } = await caseWithJournal();
    const out = path.join(dir, 'package');
    expect((await cli('evidence', '--store', store, '--out', out)).code).toBe(0);
    const script = path.join(out, 'verify.mjs');
    // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

    // The attacker's own key, under a name that erases the line and redraws it as a trusted key:
    // the key ID is right for that name, so only the name's grammar can refuse it.
    const { publicKey } = generateKeyPairSync('ed25519');
    const pub = Buffer.concat([Buffer.from([1]), publicKey.export({ format: 'der', type: 'spki' }).subarray(12)]);
    const withKey = (name: string) => {
      const id = createHash('sha256')
        .update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), pub]))
        .digest()
        .subarray(0, 4)
        .toString('hex');
      const copy = path.join(dir, `hostile-key-${id}`);
      fs.cpSync(out, copy, { recursive: true });
      fs.writeFileSync(path.join(copy, 'key'), `${name}+${id}+${pub.toString('base64')}\n`);
      return runVerify(script, copy);
    };
    for (const name of ['\u001b[2K\rVerifier key: alice', 'alice\nVERIFIED:', 'alice\u0085', 'alice bob', 'a+b', '']) {
      const run = withKey(name);
      expect(run.code, JSON.stringify(name)).toBe(1);
      expect(run.out).toMatch(/^FAIL key: not a valid verifier key/);
      expect(run.out, JSON.stringify(name)).not.toMatch(raw);
      expect(run.out).not.toMatch(/^(Verifier key|VERIFIED)/m);
    }
    // The grammar allows a bidirectional override in a name; it is printed escaped, never raw.
    const rtl = withKey('alice\u202e');
    expect(rtl.code).toBe(1);
    expect(rtl.out).toMatch(/^Verifier key: alice\\u202e\+/);
    expect(rtl.out).not.toMatch(raw);
    // A key that is not base64 around its bytes (Buffer.from would skip the escape) is refused too.
    const good = fs.readFileSync(path.join(out, 'key'), 'utf8').trim();
    const smuggled = path.join(dir, 'smuggled-key');
    fs.cpSync(out, smuggled, { recursive: true });
    fs.writeFileSync(path.join(smuggled, 'key'), `${good}\u001b[2K\n`);
    expect(runVerify(script, smuggled).out).toMatch(/^FAIL key: not a valid verifier key/);

    // File names from the folder and from a signed manifest: printed escaped, on their own line.
    const named = path.join(dir, 'hostile-names');
    fs.cpSync(out, named, { recursive: true });
    const fake = 'x\n\u001b[1A\u001b[2KVERIFIED: 99 events and 0 journal entries, every file as signed.\u001b[8m';
    fs.writeFileSync(path.join(named, fake), 'x');
    const manifest = JSON.parse(fs.readFileSync(path.join(named, 'manifest.json'), 'utf8'));
    manifest.files[`y\r\u001b]0;owned\u0007`] = '00'.repeat(32);
    const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    fs.writeFileSync(path.join(named, 'manifest.json'), bytes);
    const signer = createSigner(loadOrCreateSigningKey(home));
    const sig = signer.sign(`${origin}/evidence`, manifest.events.length, createHash('sha256').update(bytes).digest());
    fs.writeFileSync(path.join(named, 'manifest.sig'), sig);
    const run = runVerify(script, named);
    expect(run.code).toBe(1);
    expect(run.out).not.toMatch(raw);
    expect(run.out).not.toMatch(/^VERIFIED/m);
    expect(run.out).toContain(
      'FAIL x\\u000a\\u001b[1A\\u001b[2KVERIFIED: 99 events and 0 journal entries, every file as signed.\\u001b[8m: not part of the package',
    );
    expect(run.out).toContain('FAIL y\\u000d\\u001b]0;owned\\u0007: missing from the package');
    expect(run.out).toMatch(/^NOT VERIFIED/m);
  });

  it('writes nothing half: an existing folder is refused, and a refused selection leaves no folder', async () => {
    const { store, dir } = await caseWithJournal();
    const existing = path.join(dir, 'exists');
    fs.mkdirSync(existing);
    const refused = await cli('evidence', '--store', store, '--out', existing);
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/already exists/) });
    expect(fs.readdirSync(existing)).toEqual([]);
    const db = openStore(store);
    appendRecords(db, [record()]);
    db.close();
    const out = path.join(dir, 'unsealed');
    const unsealed = await cli('evidence', '--store', store, '--out', out);
    expect(unsealed).toMatchObject({ code: 1, err: expect.stringMatching(/outside every checkpoint .*seal first/) });
    expect(fs.readdirSync(dir).filter((f) => f.includes('unsealed'))).toEqual([]);
  });
});
