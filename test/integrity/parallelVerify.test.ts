// Verification on both cores (issue 14, decision 4): the seq range split across worker threads,
// the keyword-index check beside them. The parallel path must find what the one-thread pass finds,
// at the same seq, including in the second half of the range (a later worker's run).
import { describe, expect, it } from 'vitest';
import type { VerifyOptions } from '../../electron/integrity/verifyStore';
import type { Db } from '../../electron/store/db';
import { sealedStore, verifyAsInstallation } from '../helpers/sealedStore';
import { tamperRows as tamper } from '../helpers/tamperRows';

const N = 600;

async function both(db: Db, key: string, extra: Partial<VerifyOptions> = {}) {
  const failures: Error[] = [];
  const inline = await verifyAsInstallation(db, key, { ...extra, workers: 0 });
  const parallel = await verifyAsInstallation(db, key, {
    ...extra,
    workers: 2,
    blockLevel: 4,
    onWorkerFailure: (e) => failures.push(e),
  });
  expect(failures).toEqual([]);
  return { inline, parallel };
}

const kinds = (r: { findings: { kind: string; seq: number | null }[] }) => r.findings.map((f) => `${f.kind}@${f.seq}`);

describe('parallel verification', () => {
  it('finds one changed byte in the second half of the range, at its seq, as the one-thread pass does', async () => {
    const { db, key } = sealedStore(N);
    tamper(
      db,
      "UPDATE events SET canon = CAST(replace(CAST(canon AS TEXT), 'RSA-3072', 'RSA-3073') AS BLOB) WHERE seq = 451",
    );
    const { inline, parallel } = await both(db, key.verifierKey);
    expect(kinds(parallel)).toEqual(['MODIFIED@451']);
    expect(parallel.firstBadSeq).toBe(451);
    expect(parallel.ok).toBe(false);
    expect(parallel.eventsChecked).toBe(N);
    expect(parallel.findings).toEqual(inline.findings);
    expect(parallel.firstBadSeq).toBe(inline.firstBadSeq);
  });

  it('finds a row deleted near the end of the range, and a column edited in the first half, in both paths alike', async () => {
    const { db, key } = sealedStore(N);
    tamper(db, "DELETE FROM events WHERE seq = 577; UPDATE events SET status = 'DENIED' WHERE seq = 123;");
    const { inline, parallel } = await both(db, key.verifierKey);
    expect(kinds(parallel)).toEqual(expect.arrayContaining(['MODIFIED@123', 'DELETED@577']));
    expect(parallel.firstBadSeq).toBe(123);
    expect(parallel.findings).toEqual(inline.findings);
  });

  it('finds a row missing from the keyword index only, beside the scans', async () => {
    const { db, key } = sealedStore(N);
    // The events are untouched; only the index loses event 512 (an attacker hiding it from search).
    db.exec(
      "INSERT INTO events_fts(events_fts, rowid, id, actor, action, entity, status, details) SELECT 'delete', seq, id, actor, action, entity, status, details FROM events_fts_source WHERE seq = 512",
    );
    const { inline, parallel } = await both(db, key.verifierKey);
    expect(kinds(parallel)).toEqual(['MODIFIED@512']);
    expect(parallel.firstBadSeq).toBe(512);
    expect(parallel.findings).toEqual(inline.findings);
  });

  it('passes an untouched store with every event checked once', async () => {
    const { db, key } = sealedStore(N);
    const { inline, parallel } = await both(db, key.verifierKey);
    expect(parallel.findings).toEqual([]);
    expect(parallel.ok).toBe(true);
    expect(parallel.eventsChecked).toBe(N);
    expect(inline.eventsChecked).toBe(N);
  });
});
