// The report computes its controls on the events table's indexes (docs/compliance.md: "the checks
// aggregate in SQL over the indexes"), but verification read only the table rows, their derived
// columns and the keyword index. A program that rewrote one entry inside the (action, ts) index —
// the row it points to untouched, the index still in order — made a report say "Verification
// passed" above controls computed from bytes no verification had read: here the signing with the
// revoked key k3 (seq 16) vanished from PCI DSS 3.6.1.x's retired-key check. The attacker has only
// the file: it edits one byte in place, between two reports of the same running service.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { openStore } from '../../electron/store/db';
import { closeKnownCase, openKnownCase } from './knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  ({ dir, storePath, service } = await openKnownCase('signtrail-indextamper-'));
});

afterAll(() => closeKnownCase(service, dir));

async function report(): Promise<{ reused: boolean | undefined; retired: number; text: string }> {
  const html = path.join(dir, `report-${Date.now()}-${Math.random()}.html`);
  const outcome = await service.invoke(
    'report.run',
    parseArgs('report.run', { framework: 'pci-dss-4', format: 'html', path: html }),
    noJobContext(),
  );
  const text = fs.readFileSync(html, 'utf8');
  // The retired-key figure as the report shows it.
  const m = /<td>signings with a retired key<\/td><td>(\d+)<\/td>/.exec(text);
  expect(m).not.toBeNull();
  return { reused: outcome.verification?.reused, retired: Number(m![1]), text };
}

/** Varint as SQLite writes it (big-endian, 7 bits a byte, the 9th byte whole). */
function varint(buf: Buffer, at: number): [value: number, next: number] {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    const b = buf[at + i];
    if (i === 8) return [v * 256 + b, at + 9];
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) return [v, at + i + 1];
  }
  return [v, at + 9];
}

function intOf(buf: Buffer, at: number, type: number): [number, number] {
  const len = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0][type];
  if (type === 8) return [0, 0];
  if (type === 9) return [1, 0];
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + buf[at + i];
  return [v, len];
}

/**
 * In the index leaf page `page` of the file, rewrites the last letter of the action text of the
 * entry pointing at `rowid` to `letter`. Returns the old text. Throws when there is no such entry.
 */
function rewriteIndexEntry(file: string, page: number, rowid: number, letter: string): string {
  const bytes = fs.readFileSync(file);
  let pageSize = bytes.readUInt16BE(16);
  if (pageSize === 1) pageSize = 65536;
  const base = (page - 1) * pageSize;
  const head = base + (page === 1 ? 100 : 0);
  expect(bytes[head]).toBe(0x0a); // an index leaf: the known case's index fits in one page
  const cells = bytes.readUInt16BE(head + 3);
  for (let c = 0; c < cells; c++) {
    const cell = base + bytes.readUInt16BE(head + 8 + 2 * c);
    const [, payload] = varint(bytes, cell);
    const [headerSize, afterSize] = varint(bytes, payload);
    const types: number[] = [];
    for (let at = afterSize; at < payload + headerSize;) {
      const [t, next] = varint(bytes, at);
      types.push(t);
      at = next;
    }
    let at = payload + headerSize;
    const [actionType, tsType, rowidType] = types;
    const textLen = (actionType - 13) / 2;
    const action = bytes.toString('utf8', at, at + textLen);
    const textAt = at;
    at += textLen;
    at += intOf(bytes, at, tsType)[1];
    const [id] = intOf(bytes, at, rowidType);
    if (id !== rowid) continue;
    bytes.write(letter, textAt + textLen - 1);
    const fd = fs.openSync(file, 'r+');
    try {
      fs.writeSync(fd, bytes, base, pageSize, base);
    } finally {
      fs.closeSync(fd);
    }
    return action;
  }
  throw new Error(`no entry for rowid ${rowid} in page ${page}`);
}

describe('a report over an index entry rewritten in the file', () => {
  it('does not say the verification passed over figures from unverified index bytes', async () => {
    const first = await report();
    expect(first.text).toContain('Verification passed');
    expect(first.retired).toBe(1);

    // Everything into the main file, then one byte of one index entry changed there: the signing
    // with revoked k3 (seq 16) becomes 'SIGNING_OPERATIOZ' in the index, which keeps its order
    // ('...ON' < '...OZ' < 'SIGNING_REQUESTED'); the row itself is untouched.
    const other = new Database(storePath);
    other.pragma('wal_checkpoint(TRUNCATE)');
    const root = other
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events_action_ts'")
      .pluck()
      .get() as number;
    other.close();
    expect(rewriteIndexEntry(storePath, root, 16, 'Z')).toBe('SIGNING_OPERATION');

    // A verification on its own connection sees it, the index check on this thread or on a worker thread.
    const verifierKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home'))).verifierKey;
    for (const workers of [0, 1]) {
      const fresh = openStore(storePath, { readonly: true });
      try {
        const v = await verifyStore(fresh, {
          ownVerifierKey: verifierKey,
          trustedKeys: [],
          outsideCheckpoints: [],
          workers,
        });
        expect(v.ok).toBe(false);
        expect(v.findings.filter((f) => f.kind === 'MODIFIED').map((f) => [f.seq, f.message])).toEqual([
          [16, expect.stringMatching(/^Event 16 is missing from, or different in, the index events_action_ts:/)],
        ]);
      } finally {
        fresh.close();
      }
    }

    const second = await report();
    expect(second.reused).toBe(false);
    // Either the figures are the verified rows' or the verdict says the store is not intact.
    if (second.text.includes('Verification passed')) expect(second.retired).toBe(1);
    expect(second.text).toContain('Verification FAILED');
  });
});
