// The verification a report rests on: a fresh one, or the last one this process ran for a report
// on this very store state. "This very state" is a StoreStamp (SQLite's data_version and
// schema_version on the reading connection, the newest seq of events, checkpoints and journal,
// and the file's and WAL's size, mtime and ctime) taken before and after the verification: a
// verification during which anything was committed is not kept, and one is reused only while the
// stamp is unchanged. A record kept in the store (the journal's `verify` entry, a checkpoint)
// cannot say that the rows were not changed since it was written without reading them all again,
// which is what verification costs, so neither is used as a shortcut.
import type { ReportVerification } from '../../shared/report';
import type { FindingKind, VerifyReport } from '../../shared/results';
import { verifyStore } from '../integrity/verifyStore';
import type { KnownBlocks } from '../proofs/prover';
import type { Db } from '../store/db';
import { sameStamp, storeStamp, type StoreStamp } from '../store/storeStamp';

export interface VerificationRecord {
  verify: VerifyReport;
  /** The verification's Merkle block roots over the stored leaves (only when it found no row wrong: rowsIntact). */
  blocks: KnownBlocks | null;
  stamp: StoreStamp;
  /** When the verification started and finished (ISO 8601), and how long it took. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/**
 * Blocks of 256 leaves: ~4,000 roots for 1M events (128 KB) kept from verification, so an
 * inclusion proof re-reads at most 255 leaves of the block its event is in.
 */
const BLOCK_LEVEL = 8;

const records = new WeakMap<Db, { key: string; record: VerificationRecord }>();

export interface VerifyForReportOptions {
  verifierKey: string;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** Worker threads for the row pass (verifyStore's default when omitted). */
  workers?: number;
}

/**
 * Kinds of finding that say nothing about the rows: a case signed by another installation (an
 * auditor's usual case) or with events after its last checkpoint. With only these, the rows are as
 * their chain and leaves say, so the scan's block roots are the tree the proofs need.
 */
const ROWS_UNTOUCHED = new Set<FindingKind>(['UNTRUSTED_KEY', 'UNSEALED_TAIL']);

/** True when verification found nothing wrong with any row (only findings in ROWS_UNTOUCHED). */
export function rowsIntact(verify: VerifyReport): boolean {
  return verify.findings.every((f) => ROWS_UNTOUCHED.has(f.kind));
}

/** The last verification kept for this connection and key, if the store is exactly as it was then. */
export function recentVerification(db: Db, verifierKey: string): VerificationRecord | null {
  const kept = records.get(db);
  if (!kept || kept.key !== verifierKey) return null;
  return sameStamp(kept.record.stamp, storeStamp(db)) ? kept.record : null;
}

/** Verifies the whole store now, as a report does, and keeps the result if nothing changed meanwhile. */
export async function verifyNow(db: Db, options: VerifyForReportOptions): Promise<VerificationRecord> {
  const before = storeStamp(db);
  const started = new Date();
  let blocks: KnownBlocks | null = null;
  const verify = await verifyStore(db, {
    ownVerifierKey: options.verifierKey,
    trustedKeys: [],
    outsideCheckpoints: [],
    signal: options.signal,
    onProgress: options.onProgress,
    workers: options.workers,
    blockLevel: BLOCK_LEVEL,
    onBlockRoots: (roots, level) => {
      blocks = { roots, level };
    },
  });
  const finished = new Date();
  const record: VerificationRecord = {
    verify,
    // Block roots by position equal the tree by seq only when no row is missing, moved or changed.
    blocks: rowsIntact(verify) ? blocks : null,
    stamp: before,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
  };
  if (sameStamp(before, storeStamp(db))) records.set(db, { key: options.verifierKey, record });
  else records.delete(db);
  return record;
}

/** A kept verification of this exact state, else a fresh one. */
export async function verificationForReport(
  db: Db,
  options: VerifyForReportOptions,
): Promise<{
  record: VerificationRecord;
  reused: boolean;
}> {
  const kept = recentVerification(db, options.verifierKey);
  if (kept) return { record: kept, reused: true };
  return { record: await verifyNow(db, options), reused: false };
}

/** What the report says about the verification it rests on. */
export function describeVerification(record: VerificationRecord, reused: boolean): ReportVerification {
  const v = record.verify;
  return {
    ok: v.ok,
    eventsChecked: v.eventsChecked,
    findings: v.findings.length,
    checkpointSize: v.checkpoint?.size ?? null,
    unsealed: v.unsealed,
    performedAt: record.finishedAt,
    durationMs: record.durationMs,
    reused,
  };
}
