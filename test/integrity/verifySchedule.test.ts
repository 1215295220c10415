// Verification's pieces run on separate threads (issue 14, decision 4): the row scans split by seq
// range, and the keyword-index and table-index checks on a thread started before anything else.
// Tampering in every piece at once must be found and located by the parallel path as by the
// one-thread pass; the runs' starting rows are found by key when the seqs are 1..n, by position
// otherwise, and both give the same plan.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../electron/integrity/runScans';
import { countHistoryRows } from '../../electron/store/verifyRows';
import { sealedStore, verifyAsInstallation } from '../helpers/sealedStore';
import { tamperRows } from '../helpers/tamperRows';

const N = 600;

/**
 * Leaves event `seq` out of the (status, ts) index while the schema still reads as SignTrail's: an
 * attacker's own connection to the file, which writes sqlite_master as any program may.
 */
function dropIndexEntry(file: string, seq: number): void {
  const raw = new Database(file);
  try {
    raw.unsafeMode(true);
    const sql = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_status_ts'").pluck().get() as string;
    raw.exec(`DROP INDEX events_status_ts; ${sql} WHERE seq <> ${seq};`);
    const version = raw.pragma('schema_version', { simple: true }) as number;
    raw.pragma('writable_schema = ON');
    raw.prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'events_status_ts'").run(sql);
    raw.pragma(`schema_version = ${version + 1}`);
  } finally {
    raw.close();
  }
}

const kinds = (r: { findings: { kind: string; seq: number | null }[] }) => r.findings.map((f) => `${f.kind}@${f.seq}`);

describe('verification pieces on separate threads', () => {
  it('finds and locates tampering in both scan runs, the keyword index and a table index in one verification', async () => {
    const { db, key, file } = sealedStore(N);
    tamperRows(
      db,
      `UPDATE events SET canon = CAST(replace(CAST(canon AS TEXT), 'RSA-3072', 'RSA-3073') AS BLOB) WHERE seq = 100;
       UPDATE events SET actor_id = 'mallory@example.com' WHERE seq = 500;`,
    );
    db.exec(
      "INSERT INTO events_fts(events_fts, rowid, id, actor, action, entity, status, details) SELECT 'delete', seq, id, actor, action, entity, status, details FROM events_fts_source WHERE seq = 512",
    );
    dropIndexEntry(file, 300);
    const failures: Error[] = [];
    const parallel = await verifyAsInstallation(db, key.verifierKey, {
      workers: 2,
      blockLevel: 4,
      onWorkerFailure: (e) => failures.push(e),
    });
    const inline = await verifyAsInstallation(db, key.verifierKey, { workers: 0 });
    expect(failures).toEqual([]);
    expect(kinds(parallel)).toEqual(
      expect.arrayContaining(['MODIFIED@100', 'MODIFIED@300', 'MODIFIED@500', 'MODIFIED@512']),
    );
    expect(parallel.findings.find((f) => f.seq === 300)?.message).toMatch(/index events_status_ts/);
    expect(parallel.findings.find((f) => f.seq === 512)?.message).toMatch(/keyword search index/);
    expect(parallel.firstBadSeq).toBe(100);
    expect(parallel.eventsChecked).toBe(N);
    expect(parallel.findings).toEqual(inline.findings);
  });

  it('stops every thread with a cancelled error when cancelled while the pieces run', async () => {
    const { db, key } = sealedStore(N);
    const controller = new AbortController();
    const running = verifyAsInstallation(db, key.verifierKey, { workers: 2, blockLevel: 4, signal: controller.signal });
    controller.abort(); // the index checks' threads and the scans have all been started by now
    await expect(running).rejects.toThrow(/cancelled/);
    // The same store verifies afterwards: nothing was left holding it.
    const after = await verifyAsInstallation(db, key.verifierKey, { workers: 2, blockLevel: 4 });
    expect(after.ok).toBe(true);
    expect(after.eventsChecked).toBe(N);
  });

  it('plans the runs by key exactly as by position when the seqs are 1..n', () => {
    const { db } = sealedStore(N);
    const total = countHistoryRows(db);
    for (const runs of [1, 2, 3, 7]) {
      expect(planRuns(db, total, runs, 4, [N], true)).toEqual(planRuns(db, total, runs, 4, [N], false));
    }
    expect(planRuns(db, total, 2, 4, [], true)).toHaveLength(2);
  });
});
