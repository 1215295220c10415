// Issue 9, holes 3 and 7, and issue 15 item 5: the verdict is three-way, the installation is a
// witness, signing trusts no stored state, and findings point at the event that is bad.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { runCli } from '../../electron/cli/main';
import { chainHash, ZERO_CHAIN } from '../../electron/integrity/hash';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { MerkleAccumulator } from '../../electron/integrity/merkle';
import { signCheckpoint } from '../../electron/integrity/note';
import { prepareEvent } from '../../electron/store/prepare';
import type { AuditRecord } from '../../shared/event';
import { record } from '../helpers/records';
import { sealedStore, verifyAsInstallation } from '../helpers/sealedStore';
import { tempDir } from '../helpers/tmp';
import { asAttacker, attacker, eraseSeals, importText, ndjson, trustCase, verify } from './trustCase';

/** Replaces the whole history with these records, leaves and chain recomputed: a careful rewrite. */
function rewriteHistory(db: Database.Database, records: AuditRecord[]): void {
  db.exec('DELETE FROM events; DELETE FROM event_ids;');
  let chain: Buffer = ZERO_CHAIN;
  records.forEach((r, i) => {
    const [canon, leaf, hash, id, ...columns] = prepareEvent({ record: r, line: i + 1 });
    chain = chainHash(chain, leaf);
    db.prepare(
      `INSERT INTO events (seq, canon, leaf, chain, event_id, ts, actor_id, actor_type, action, category, entity_type,
         entity_id, entity_name, status, request_id, key_id, source_line, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ).run(i + 1, canon, leaf, chain, id, ...columns);
    db.prepare('INSERT INTO event_ids (id_hash, seq) VALUES (?, ?)').run(hash, i + 1);
  });
  db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
}

async function cli(home: string, ...argv: string[]): Promise<{ code: number; out: string }> {
  const saved = process.env.SIGNTRAIL_HOME;
  process.env.SIGNTRAIL_HOME = home;
  let out = '';
  try {
    const code = await runCli(argv, {
      out: (t) => (out += t + '\n'),
      err: (t) => (out += t + '\n'),
      progress: () => {},
    });
    return { code, out };
  } finally {
    if (saved === undefined) delete process.env.SIGNTRAIL_HOME;
    else process.env.SIGNTRAIL_HOME = saved;
  }
}

describe('hole 3: a rewritten history is never re-sealed as genuine', () => {
  it('events rewritten, checkpoints and frontier deleted: unsealed elsewhere, FORKED here, and no new checkpoint is signed', async () => {
    const records = Array.from({ length: 10 }, () => record());
    const c = await trustCase(0, records);
    asAttacker(c.storePath, (raw) => {
      const forged = records.map((r, i) => (i === 2 ? { ...r, status: 'DENIED' as const } : r));
      rewriteHistory(raw, forged);
      eraseSeals(raw);
    });

    // Elsewhere (a home that never saw this store): nothing wrong can be shown, but nothing is vouched for.
    const elsewhere = path.join(tempDir(), 'home');
    const fresh = await cli(elsewhere, 'verify', '--store', c.storePath, '--json');
    const report = JSON.parse(fresh.out);
    expect(report.verdict).toBe('unsealed');
    expect(report.unsealed).toBe(10);
    expect(report.witness.state).toBe('first-seen');
    expect(fresh.code).toBe(1);
    expect((await cli(elsewhere, 'verify', '--store', c.storePath, '--allow-unsealed')).code).toBe(0);
    const text = await cli(elsewhere, 'verify', '--store', c.storePath);
    expect(text.out).toMatch(/^UNSEALED \(10 events vouched for by no trusted checkpoint/m);
    expect(text.out).toMatch(/Witness: first seen now/);

    // Here, the installation that signed the history witnessed it: the rewrite is a fork.
    const here = await verify(c);
    expect(here.verdict).toBe('broken');
    expect(here.witness?.state).toBe('failed');
    const forked = here.findings.find((f) => f.kind === 'FORKED')!;
    expect([forked.fromSeq, forked.toSeq]).toEqual([1, 10]);
    const cliHere = await cli(c.home, 'verify', '--store', c.storePath);
    expect(cliHere.code).toBe(1);
    expect(cliHere.out).toMatch(/^BROKEN/m);

    // And the next import signs nothing over it.
    await expect(importText(c, 'more.ndjson', ndjson([record()]))).rejects.toThrow(
      /no longer produce the root this installation witnessed/,
    );
    const check = attacker(c.storePath);
    expect(check.prepare('SELECT count(*) FROM checkpoints').pluck().get()).toBe(0);
    expect(check.prepare('SELECT count(*) FROM events').pluck().get()).toBe(10);
    check.close();
  }, 60_000);

  it('a store cut back to fewer events than witnessed is TRUNCATED, and imports are refused', async () => {
    const c = await trustCase(8);
    asAttacker(c.storePath, (raw) => {
      raw.exec('DELETE FROM events WHERE seq > 5');
      eraseSeals(raw);
      raw.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
    });
    const report = await verify(c);
    expect(report.findings.filter((f) => f.kind !== 'UNSEALED_TAIL').map((f) => `${f.kind}@${f.seq}`)).toEqual([
      'TRUNCATED@6',
      // The attacker erased the case journal too: this installation witnessed it.
      'TRUNCATED@1',
    ]);
    expect(report.findings.find((f) => f.kind === 'TRUNCATED' && f.seq === 1)?.log).toBe('journal');
    await expect(importText(c, 'more.ndjson', ndjson([record()]))).rejects.toThrow(/witnessed 8 of/);
  });

  it('a forged Merkle frontier in meta is not believed: the next checkpoint is over the events as stored', async () => {
    const c = await trustCase(6);
    const raw = attacker(c.storePath);
    raw
      .prepare("UPDATE meta SET value = ? WHERE key = 'merkle_frontier'")
      .run(
        JSON.stringify({ size: 6, nodes: [Buffer.alloc(32, 1).toString('hex'), Buffer.alloc(32, 2).toString('hex')] }),
      );
    raw.close();
    const [summary] = await importText(c, 'more.ndjson', ndjson([record(), record()]));
    expect(summary.appended).toBe(2);
    const report = await verify(c);
    expect(report.verdict).toBe('intact');
    expect(report.checkpoint?.size).toBe(8);
    expect(report.witness?.state).toBe('consistent');
  });

  it('an untouched store is intact, consistent with what was witnessed, exit 0', async () => {
    const c = await trustCase(4);
    const run = await cli(c.home, 'verify', '--store', c.storePath);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^INTACT/m);
    expect(run.out).toMatch(/Witness: consistent with 4 events witnessed here/);
    // One record for the events, one for the case journal (import and verify are journal entries).
    const witnessFiles = fs.readdirSync(path.join(c.home, 'witness'));
    expect(witnessFiles).toHaveLength(2);
  });
});

describe('hole 7: firstBadSeq is the first event shown bad, FORKED carries its range', () => {
  const N = 2000;
  it('a row inserted at seq 900 with a checkpoint present: firstBadSeq 900', async () => {
    const { db, signer } = sealedStore(N);
    asAttacker(db.name, (raw) => {
      raw.exec('UPDATE events SET seq = -(seq + 1) WHERE seq >= 900; UPDATE events SET seq = -seq WHERE seq < 0;');
      const prev = raw.prepare('SELECT chain FROM events WHERE seq = 899').pluck().get() as Buffer;
      const [canon, leaf, , id, ...columns] = prepareEvent({ record: record(), line: 1 });
      raw
        .prepare(
          `INSERT INTO events (seq, canon, leaf, chain, event_id, ts, actor_id, actor_type, action, category, entity_type,
             entity_id, entity_name, status, request_id, key_id, source_line, import_id) VALUES (900, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        )
        .run(canon, leaf, chainHash(prev, leaf), id, ...columns);
      raw.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
    });
    const report = await verifyAsInstallation(db, signer.verifierKey);
    expect(report.firstBadSeq).toBe(900);
    expect(report.findings.find((f) => f.kind === 'INSERTED')?.seq).toBe(900);
    const forked = report.findings.find((f) => f.kind === 'FORKED')!;
    expect([forked.fromSeq, forked.toSeq]).toEqual([1, N]);
    db.close();
  });

  it('two rows swapped at seq 1500 with a checkpoint present: firstBadSeq 1500', async () => {
    const { db, signer } = sealedStore(N);
    asAttacker(db.name, (raw) => {
      raw.exec(
        'UPDATE events SET seq = 99999 WHERE seq = 1500; UPDATE events SET seq = 1500 WHERE seq = 1501; UPDATE events SET seq = 1501 WHERE seq = 99999;',
      );
      raw.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
    });
    const report = await verifyAsInstallation(db, signer.verifierKey);
    expect(report.firstBadSeq).toBe(1500);
    expect(report.findings.find((f) => f.kind === 'REORDERED')?.seq).toBe(1500);
    expect(report.findings.find((f) => f.kind === 'FORKED')?.fromSeq).toBe(1);
    db.close();
  });
});

describe('issue 15 item 5: checkpoint row variants', () => {
  it('a checkpoint row whose size or root disagrees with its note: MODIFIED', async () => {
    const c = await trustCase(6);
    asAttacker(c.storePath, (raw) => {
      raw.exec('UPDATE checkpoints SET root = zeroblob(32)');
    });
    const report = await verify(c);
    expect(report.findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['MODIFIED@null']);
    expect(report.findings[0].message).toMatch(/size or root column no longer matches its signed note/);

    asAttacker(c.storePath, (raw) => {
      raw.exec('UPDATE checkpoints SET size = 5');
    });
    expect((await verify(c)).findings.map((f) => `${f.kind}@${f.seq}`)).toContain('MODIFIED@null');
  });

  it('a checkpoint of another origin, validly signed by this installation: FORKED', async () => {
    const c = await trustCase(6);
    const raw = attacker(c.storePath);
    const leaves = raw.prepare('SELECT leaf FROM events ORDER BY seq').pluck().all() as Buffer[];
    const acc = new MerkleAccumulator();
    for (const leaf of leaves) acc.push(leaf);
    const note = signCheckpoint(
      { origin: 'signtrail/another-store', size: 6, root: acc.root() },
      loadOrCreateSigningKey(c.home),
    );
    raw
      .prepare("INSERT INTO checkpoints (size, root, note, created_at) VALUES (6, ?, ?, '2026-01-01T00:00:00Z')")
      .run(acc.root(), note);
    raw.close();
    const report = await verify(c);
    const forked = report.findings.filter((f) => f.kind === 'FORKED');
    expect(forked).toHaveLength(1);
    expect(forked[0].seq).toBeNull();
    expect(forked[0].message).toMatch(/is for "signtrail\/another-store" but this store is/);
  });

  it('an unreadable checkpoint note: BAD_SIGNATURE', async () => {
    const c = await trustCase(6);
    asAttacker(c.storePath, (raw) => {
      raw.exec("UPDATE checkpoints SET note = 'not a note at all'");
    });
    const report = await verify(c);
    const bad = report.findings.filter((f) => f.kind === 'BAD_SIGNATURE');
    expect(bad).toHaveLength(1);
    expect(bad[0].message).toMatch(/cannot be read as a signed checkpoint/);
    expect(report.verdict).toBe('broken');
  });
});
