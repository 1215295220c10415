// Verification (integrity.md §6) of real store files, each tampered with raw SQL after the
// append-only triggers are dropped. Every test names the finding kind and the exact seq.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/event';
import type { VerifyReport } from '../../shared/results';
import { chainHash } from '../../electron/integrity/hash';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import type { VerifyOptions } from '../../electron/integrity/verifyStore';
import { createSigner, latestCheckpoint, sealCheckpoint } from '../../electron/store/checkpoints';
import type { Db } from '../../electron/store/db';
import { prepareEvent } from '../../electron/store/prepare';
import { expectedSchema } from '../../electron/store/schema';
import { record } from '../helpers/records';
import { sealedStore, verifyAsInstallation } from '../helpers/sealedStore';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

const N = 12;

function sealed(db: Db, home: string): string {
  const signer = createSigner(loadOrCreateSigningKey(home));
  db.exec('BEGIN IMMEDIATE');
  const cp = sealCheckpoint(db, signer);
  db.exec('COMMIT');
  return cp.note;
}

function unlock(db: Db): void {
  db.exec(
    'DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER checkpoints_no_update; DROP TRIGGER checkpoints_no_delete;',
  );
}

/** What an attacker tidying up would do, so the search index does not give the tampering away. */
function rebuildIndex(db: Db): void {
  db.exec("INSERT INTO events_fts(events_fts) VALUES ('rebuild')");
}

/** Plants a well-formed forged event at `seq`: bytes, leaf, columns all agree; chained from `prev`. */
function plantEvent(db: Db, seq: number, forged: AuditRecord, prev: Buffer): void {
  const [canon, leaf, , id, ...columns] = prepareEvent({ record: forged, line: 99 });
  db.prepare(
    `INSERT INTO events (seq, canon, leaf, chain, event_id, ts, actor_id, actor_type, action, category, entity_type, entity_id,
       entity_name, status, request_id, key_id, source_line, import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  ).run(seq, canon, leaf, chainHash(prev, leaf), id, ...columns);
}

/** Puts back the append-only triggers unlock() dropped, as a tidy attacker would (SCHEMA otherwise). */
function relock(db: Db): void {
  for (const o of expectedSchema().values()) {
    if (o.type !== 'trigger' || !o.sql) continue;
    const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(o.name);
    if (!present) db.exec(o.sql);
  }
}

function verify(db: Db, ownVerifierKey: string, extra: Partial<VerifyOptions> = {}): Promise<VerifyReport> {
  relock(db);
  return verifyAsInstallation(db, ownVerifierKey, extra);
}

const kinds = (r: VerifyReport): string[] => r.findings.map((f) => `${f.kind}@${f.seq}`);

describe('verifying an untouched store', () => {
  it('passes with no findings, every event checked, and names the trusted checkpoint and key', async () => {
    const { db, key } = sealedStore(N);
    const report = await verify(db, key.verifierKey);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.eventsChecked).toBe(N);
    expect(report.firstBadSeq).toBeNull();
    expect(report.checkpoint).toMatchObject({ size: N, trusted: true, keyName: key.name });
    expect(report.keyFingerprint).toBe(key.verifierKey.split('+').slice(0, 2).join('+'));
    expect(report.unsealed).toBe(0);
  });

  it('reports events after the newest checkpoint as UNSEALED_TAIL, which alone does not fail', async () => {
    const { db, key } = sealedStore(N);
    db.close();
    const more = storeWith([record(), record()], (db as unknown as { name: string }).name);
    const report = await verify(more, key.verifierKey);
    expect(kinds(report)).toEqual([`UNSEALED_TAIL@${N + 1}`]);
    expect(report.unsealed).toBe(2);
    expect(report.ok).toBe(true);
  });

  it('gives the same verdict in parallel worker runs as in one pass', async () => {
    const { db, key, note } = sealedStore(Array.from({ length: 37 }, () => record()));
    const inline = await verify(db, key.verifierKey, { workers: 0, outsideCheckpoints: [note] });
    const failures: Error[] = [];
    const parallel = await verify(db, key.verifierKey, {
      workers: 3,
      blockLevel: 2,
      outsideCheckpoints: [note],
      onWorkerFailure: (err) => failures.push(err),
    });
    expect(failures).toEqual([]);
    expect(parallel.findings).toEqual(inline.findings);
    expect(parallel.checkpoint).toEqual(inline.checkpoint);
    expect(parallel.eventsChecked).toBe(37);
  });

  it('places findings at the same seqs in parallel runs as in one pass', async () => {
    const { db, key } = sealedStore(Array.from({ length: 37 }, () => record()));
    unlock(db);
    db.exec("UPDATE events SET actor_id = 'x' WHERE seq = 30; DELETE FROM events WHERE seq = 17;");
    db.exec(
      'UPDATE events SET seq = 1005 WHERE seq = 9; UPDATE events SET seq = 9 WHERE seq = 10; UPDATE events SET seq = 10 WHERE seq = 1005;',
    );
    rebuildIndex(db);
    const inline = await verify(db, key.verifierKey, { workers: 0 });
    const parallel = await verify(db, key.verifierKey, { workers: 3, blockLevel: 2 });
    expect(kinds(inline)).toEqual(expect.arrayContaining(['REORDERED@9', 'DELETED@17', 'MODIFIED@30']));
    expect(parallel.findings).toEqual(inline.findings);
  });

  it('stops with an error when cancelled', async () => {
    const { db, key } = sealedStore(N);
    const controller = new AbortController();
    controller.abort();
    await expect(verify(db, key.verifierKey, { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});

describe('tampering is found, by kind and seq', () => {
  it('one changed byte in the stored bytes: MODIFIED at that seq', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    db.prepare(
      "UPDATE events SET canon = CAST(replace(CAST(canon AS TEXT), 'RSA-3072', 'RSA-3073') AS BLOB) WHERE seq = 5",
    ).run();
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(kinds(report)).toEqual(['MODIFIED@5']);
    expect(report.firstBadSeq).toBe(5);
    expect(report.ok).toBe(false);
  });

  it('a changed derived column only (the actor): MODIFIED at that seq', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    db.prepare("UPDATE events SET actor_id = 'mallory@example.com' WHERE seq = 7").run();
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(kinds(report)).toEqual(['MODIFIED@7']);
    expect(report.findings[0].message).toMatch(/actor_id.*mallory/);
  });

  it('a deleted row: DELETED at its seq', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    db.prepare('DELETE FROM events WHERE seq = 4').run();
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(report.firstBadSeq).toBe(4);
    expect(kinds(report)).toContain('DELETED@4');
    // The checkpoint of 12 events no longer fits the 11 left, so nothing is sealed either.
    expect(kinds(report)).toContain(`TRUNCATED@${N}`);
  });

  it('an inserted row, with its own leaf and a chain link from the row before: INSERTED at its seq', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    db.exec('UPDATE events SET seq = seq + 1000 WHERE seq > 6; UPDATE events SET seq = seq - 999 WHERE seq > 1000;');
    const forged = record({ id: 'evt-forged', actor: { id: 'mallory@example.com', type: 'user' } });
    plantEvent(db, 7, forged, db.prepare('SELECT chain FROM events WHERE seq = 6').pluck().get() as Buffer);
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(kinds(report)).toContain('INSERTED@7');
    expect(report.findings.filter((f) => f.kind === 'INSERTED' || f.kind === 'REORDERED')).toHaveLength(1);
  });

  it('a row placed before seq 1, outside the numbered history: INSERTED at its seq', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    const forged = record({ id: 'evt-before-history', actor: { id: 'mallory@example.com', type: 'user' } });
    plantEvent(db, 0, forged, Buffer.alloc(32));
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(0);
    expect(kinds(report)).toEqual(['INSERTED@0']);
  });

  it('two swapped rows: REORDERED at the first', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    db.exec(
      'UPDATE events SET seq = 1005 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 1005;',
    );
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(report.firstBadSeq).toBe(5);
    expect(report.findings.filter((f) => f.kind === 'REORDERED').map((f) => f.seq)).toEqual([5]);
    const forked = report.findings.find((f) => f.kind === 'FORKED');
    expect([forked?.fromSeq, forked?.toSeq]).toEqual([1, N]);
    expect(
      report.findings.filter((f) => f.kind === 'INSERTED' || f.kind === 'DELETED' || f.kind === 'MODIFIED'),
    ).toEqual([]);
  });

  it('a truncated tail, its checkpoints removed too, against a checkpoint kept outside: TRUNCATED at the first missing seq', async () => {
    const { db, key, note } = sealedStore(N);
    unlock(db);
    db.exec('DELETE FROM events WHERE seq > 9; DELETE FROM checkpoints;');
    db.prepare("DELETE FROM meta WHERE key = 'merkle_frontier'").run();
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey, { outsideCheckpoints: [note] });
    expect(kinds(report)).toContain('TRUNCATED@10');
    expect(report.findings.filter((f) => f.kind !== 'UNSEALED_TAIL').map((f) => f.kind)).toEqual(['TRUNCATED']);
  });

  describe('a whole history rewritten, every hash recomputed and re-signed by a new key', () => {
    function rewritten() {
      const original = sealedStore(N);
      const records = original.records.map((r, i) =>
        i === 2 ? { ...r, actor: { id: 'mallory@example.com', type: 'user' as const } } : r,
      );
      const dir = tempDir();
      const forgery = storeWith(records, path.join(dir, 'forged.sqlite'));
      for (const k of ['store_id', 'origin']) {
        forgery
          .prepare('UPDATE meta SET value = ? WHERE key = ?')
          .run(original.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(k), k);
      }
      sealed(forgery, path.join(dir, 'mallory-home'));
      return { original, forgery };
    }

    it('is caught by this installation’s key: every checkpoint is UNTRUSTED_KEY and nothing is sealed', async () => {
      const { original, forgery } = rewritten();
      const report = await verify(forgery, original.key.verifierKey);
      expect(kinds(report)).toEqual(['UNSEALED_TAIL@1', `UNTRUSTED_KEY@${N}`]);
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBe(N);
    });

    it('is caught by a pinned key when the forger also holds this installation’s key file', async () => {
      const { original, forgery } = rewritten();
      const mallory = latestCheckpoint(forgery)!.note.split('\u2014 ')[1].split(' ')[0];
      const report = await verify(forgery, loadOrCreateSigningKey(path.join(tempDir(), 'elsewhere')).verifierKey, {
        trustedKeys: [original.key.verifierKey],
      });
      expect(report.findings.map((f) => f.kind)).toContain('UNTRUSTED_KEY');
      expect(report.findings.find((f) => f.kind === 'UNTRUSTED_KEY')!.message).toContain(mallory);
    });

    it('is caught by an outside checkpoint: FORKED from seq 1', async () => {
      const { original, forgery } = rewritten();
      const report = await verify(forgery, original.key.verifierKey, { outsideCheckpoints: [original.note] });
      expect(kinds(report)).toContain('FORKED@1');
    });
  });

  it('a forged checkpoint signature: BAD_SIGNATURE at the checkpoint size', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    const note = latestCheckpoint(db)!.note;
    const line = note.split('\n')[4];
    const blob = Buffer.from(line.split(' ')[2], 'base64');
    blob[10] ^= 0xff;
    const forged = note.replace(line, `${line.split(' ').slice(0, 2).join(' ')} ${blob.toString('base64')}`);
    db.prepare('UPDATE checkpoints SET note = ?').run(forged);
    const report = await verify(db, key.verifierKey);
    expect(kinds(report)).toEqual(['UNSEALED_TAIL@1', `BAD_SIGNATURE@${N}`]);
    expect(report.ok).toBe(false);
  });

  it('an event removed from the search index only: MODIFIED at its seq', async () => {
    const { db, key } = sealedStore(N);
    db.exec(
      `INSERT INTO events_fts (events_fts, rowid, actor, action, entity, status, details)
       SELECT 'delete', seq, actor, action, entity, status, details FROM events_fts_source WHERE seq = 6`,
    );
    const report = await verify(db, key.verifierKey);
    expect(kinds(report)).toEqual(['MODIFIED@6']);
    expect(report.findings[0].message).toMatch(/search index/);
  });

  it('a size and root pasted from outside: intact when root(size) matches, FORKED or TRUNCATED when not', async () => {
    const { db, key, note } = sealedStore(N);
    const signed = note.split('\n')[2];
    const check = (roots: { size: number; rootB64: string }[]) => verify(db, key.verifierKey, { outsideRoots: roots });
    expect((await check([{ size: N, rootB64: signed }])).findings).toEqual([]);
    const other = Buffer.alloc(32, 7).toString('base64');
    expect(kinds(await check([{ size: 5, rootB64: other }]))).toEqual(['FORKED@1']);
    expect(kinds(await check([{ size: N + 3, rootB64: signed }]))).toEqual([`TRUNCATED@${N + 1}`]);
  });

  it('carries on past the first finding', async () => {
    const { db, key } = sealedStore(N);
    unlock(db);
    db.prepare("UPDATE events SET actor_id = 'x' WHERE seq IN (2, 9)").run();
    rebuildIndex(db);
    const report = await verify(db, key.verifierKey);
    expect(kinds(report)).toEqual(['MODIFIED@2', 'MODIFIED@9']);
    expect(report.firstBadSeq).toBe(2);
  });
});
