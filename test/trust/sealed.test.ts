// Issue 15 item 1 and issue 9 hole 6: sealed exports of real stores, checked as docs/integrity.md
// tells a recipient, then imported good, forged, truncated and signed by an untrusted key through
// both the import path and folder sync: every bad one refused, the store unchanged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { noJobContext } from '../../shared/handlers';
import { createSigner, type CheckpointSigner } from '../../electron/store/checkpoints';
import { openStore, type Db } from '../../electron/store/db';
import { addSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { canonicalizeRecord } from '../../shared/canonical';
import type { AuditRecord } from '../../shared/event';
import { tempDir } from '../helpers/tmp';
import { trustCase, type TrustCase } from './trustCase';

const H = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest();

/** RFC 6962 Merkle Tree Hash, written out as docs/integrity.md's recipient script does. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return H(Buffer.alloc(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return H(Buffer.concat([Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k))]));
}

/** The recipient's check from docs/integrity.md, with nothing of SignTrail's code. */
function recipientCheck(file: string, note: string, keyText: string): { size: number; signer: string } {
  const lines = fs.readFileSync(file).toString('utf8').split('\n').slice(0, -1);
  const leaves = lines.map((l) => H(Buffer.concat([Buffer.from([0]), Buffer.from(l, 'utf8')])));
  const cut = note.lastIndexOf('\n\n');
  const text = note.slice(0, cut + 1);
  const [, size, rootB64] = text.split('\n');
  if (Number(size) !== leaves.length) throw new Error('export and checkpoint disagree on the number of events');
  if (!Buffer.from(rootB64, 'base64').equals(mth(leaves))) throw new Error('root mismatch');
  const [name, keyId, keyB64] = splitKey(keyText.trim());
  const pub = Buffer.from(keyB64, 'base64');
  if (
    pub[0] !== 1 ||
    H(Buffer.concat([Buffer.from(name + '\n'), pub]))
      .subarray(0, 4)
      .toString('hex') !== keyId
  )
    throw new Error('bad key');
  const spki = crypto.createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  for (const line of note
    .slice(cut + 2)
    .trim()
    .split('\n')) {
    const [who, blob] = line.slice(2).split(' ');
    const bytes = Buffer.from(blob, 'base64');
    if (who === name && bytes.subarray(0, 4).toString('hex') === keyId) {
      if (!crypto.verify(null, Buffer.from(text, 'utf8'), spki, bytes.subarray(4))) throw new Error('bad signature');
      return { size: leaves.length, signer: name };
    }
  }
  throw new Error('no signature by that key');
}

function splitKey(text: string): [string, string, string] {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  return [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
}

let source: TrustCase;
let exported: string;
let keyText: string;

/** A second installation, receiving the export. */
interface Recipient {
  dir: string;
  db: Db;
  signer: CheckpointSigner;
}
let recipient: Recipient;

const eventCount = (db: Db) => db.prepare('SELECT count(*) FROM events').pluck().get() as number;
const checkpointCount = (db: Db) => db.prepare('SELECT count(*) FROM checkpoints').pluck().get() as number;

beforeEach(async () => {
  source = await trustCase(7);
  exported = path.join(source.dir, 'out', 'case.sealed');
  fs.mkdirSync(path.dirname(exported));
  await source.service.invoke('export.run', { filter: {}, format: 'sealed', path: exported }, noJobContext());
  keyText = fs.readFileSync(`${exported}.key`, 'utf8').trim();
  const dir = tempDir();
  recipient = {
    dir,
    db: openStore(path.join(dir, 'case.sqlite')),
    signer: createSigner(loadOrCreateSigningKey(path.join(dir, 'home'))),
  };
});

afterEach(() => {
  source.service.close();
  recipient.db.close();
});

/** A copy of the export, changed by `edit`, as three files in `folder`. */
function variant(folder: string, name: string, edit: (lines: string[]) => string[] = (l) => l): string {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  const lines = fs.readFileSync(exported, 'utf8').split('\n').slice(0, -1);
  fs.writeFileSync(
    file,
    edit(lines)
      .map((l) => l + '\n')
      .join(''),
  );
  fs.copyFileSync(`${exported}.checkpoint`, `${file}.checkpoint`);
  fs.copyFileSync(`${exported}.key`, `${file}.key`);
  return file;
}

const forge = (lines: string[]) => {
  const record = JSON.parse(lines[3]) as AuditRecord;
  lines[3] = canonicalizeRecord({ ...record, status: 'DENIED' });
  return lines;
};
const truncate = (lines: string[]) => lines.slice(0, -1);

describe('a sealed export of a real store', () => {
  it('checks out with the recipient procedure of docs/integrity.md: signature and root(n) over the exported lines', () => {
    const note = fs.readFileSync(`${exported}.checkpoint`, 'utf8');
    expect(recipientCheck(exported, note, keyText)).toEqual({ size: 7, signer: keyText.split('+')[0] });
    const forged = variant(path.join(recipient.dir, 'v'), 'forged.sealed', forge);
    expect(() => recipientCheck(forged, note, keyText)).toThrow('root mismatch');
    const cut = variant(path.join(recipient.dir, 'v'), 'cut.sealed', truncate);
    expect(() => recipientCheck(cut, note, keyText)).toThrow('disagree on the number of events');
  });
});

describe('imported through importFile', () => {
  const importAs = (file: string, trusted = true) =>
    importFile(recipient.db, file, { signer: recipient.signer, trustedKeys: trusted ? [keyText] : [] });

  it('a good export with its key pinned: every event, verified intact', async () => {
    const summary = await importAs(variant(path.join(recipient.dir, 'in'), 'good.sealed'));
    expect(summary).toMatchObject({ rejected: null, appended: 7, format: 'sealed' });
    const report = await verifyStore(recipient.db, {
      ownVerifierKey: recipient.signer.verifierKey,
      trustedKeys: [],
      outsideCheckpoints: [],
    });
    expect(report.verdict).toBe('intact');
  });

  it.each([
    ['forged', forge, true, /does not match the signed checkpoint: the file was changed after it was sealed/],
    ['truncated', truncate, true, /holds 6 events but its checkpoint says 7/],
    ['untrusted-key', (l: string[]) => l, false, /a key this installation does not trust/],
  ] as const)('a %s export is refused whole, the store unchanged', async (name, edit, trusted, message) => {
    const summary = await importAs(variant(path.join(recipient.dir, 'in'), `${name}.sealed`, edit), trusted);
    expect(summary.rejected?.message).toMatch(message);
    expect(summary.appended).toBe(0);
    expect(summary.rejected?.message).not.toContain(keyText.split('+')[2]);
    expect(eventCount(recipient.db)).toBe(0);
    expect(checkpointCount(recipient.db)).toBe(0);
  });
});

describe('dropped in a sync folder', () => {
  const drop = () => path.join(recipient.dir, 'drop');
  const sync = () =>
    syncSource(recipient.db, 'share', {
      signer: recipient.signer,
      folder: { stableMs: 100, trustedKeys: [keyText] },
    });
  beforeEach(() => {
    fs.mkdirSync(drop());
    addSource(recipient.db, { name: 'share', folder: drop() });
  });

  it('a good export is imported', async () => {
    variant(drop(), 'good.sealed');
    const report = await sync();
    expect(report).toMatchObject({ appended: 7, rejected: [], error: null });
  });

  it.each([
    ['forged', forge, /does not match the signed checkpoint/],
    ['truncated', truncate, /holds 6 events but its checkpoint says 7/],
  ] as const)(
    'a %s export is refused and recorded, the store unchanged, not tried again',
    async (name, edit, message) => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        variant(drop(), `${name}.sealed`, edit);
        const report = await sync();
        expect(report.appended).toBe(0);
        expect(report.rejected).toHaveLength(1);
        expect(report.rejected[0].message).toMatch(message);
        expect(eventCount(recipient.db)).toBe(0);
        expect(checkpointCount(recipient.db)).toBe(0);
        const again = await sync();
        expect(again).toMatchObject({ appended: 0, rejected: [] });
        await new Promise((resolve) => setImmediate(resolve));
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    },
  );

  it('an export signed by a key this installation does not trust is refused, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      variant(drop(), 'stranger.sealed');
      const report = await syncSource(recipient.db, 'share', { signer: recipient.signer, folder: { stableMs: 100 } });
      expect(report.rejected.map((r) => r.message).join()).toMatch(/a key this installation does not trust/);
      expect(report.appended).toBe(0);
      expect(eventCount(recipient.db)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
