// Computes a framework's report from a store: every control's checks, run once each on one read
// snapshot, plus the verification verdict at the top.
import type {
  CheckResult,
  ComplianceReport,
  ControlResult,
  FrameworkId,
  ReportVerification,
  Verdict,
} from '../../shared/report';
import type { VerifyReport } from '../../shared/results';
import { currentUser } from '../currentUser';
import { getMeta, eventCount, type Db } from '../store/db';
import { ReportQueries, type ReportRange } from '../store/reportQueries';
import { toStoreInstant } from '../store/query';
import { SIGNTRAIL_VERSION } from '../version';
import { inReadSnapshot } from '../store/transaction';
import { CHECKS } from './checks';
import { loadFramework } from './frameworks';
import { attachProofs } from './sampleProofs';
import type { KnownBlocks } from '../proofs/prover';
import { sameStamp, storeStamp, type StoreStamp } from '../store/storeStamp';

export interface ReportOptions {
  framework: FrameworkId;
  from?: string;
  to?: string;
  /** PCI DSS 3.7.4: the longest a key may be in use. Default 365 days. */
  cryptoperiodDays?: number;
  /** PCI DSS 10.2.1.6: the longest silence between events before it is flagged. Default 24 h. */
  maxGapHours?: number;
  now?: () => Date;
}

export interface ReportInputs {
  db: Db;
  storePath: string;
  verifierKey: string;
  verify: VerifyReport;
  /** When and how the verification was made (electron/report/verification.ts). */
  verification?: ReportVerification;
  /** The verification's Merkle block roots, so the samples' proofs need not hash every leaf again. */
  blocks?: KnownBlocks | null;
  /**
   * The store state the verification was made on: the report's read snapshot must be that state,
   * else StaleVerificationError (the caller verifies again).
   */
  stamp?: StoreStamp;
}

export class StaleVerificationError extends Error {
  override name = 'StaleVerificationError';
}

const ORDER: Record<Verdict, number> = { satisfied: 0, 'not evidenced by this trail': 1, attention: 2 };

/** A control is as good as its weakest check: attention over not evidenced over satisfied. */
export function worst(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (ORDER[b] > ORDER[a] ? b : a), 'satisfied');
}

export function buildReport(inputs: ReportInputs, options: ReportOptions): ComplianceReport {
  const { db } = inputs;
  const framework = loadFramework(options.framework);
  const now = options.now?.() ?? new Date();
  const range: ReportRange = {
    from: options.from ? toStoreInstant(options.from) : '0000-01-01T00:00:00.000000Z',
    to: options.to ? toStoreInstant(options.to) : '9999-12-31T23:59:59.999999Z',
    whole: !options.from && !options.to,
  };
  const settings = { cryptoperiodDays: options.cryptoperiodDays ?? 365, maxGapHours: options.maxGapHours ?? 24 };
  return inReadSnapshot(db, () => {
    const q = new ReportQueries(db, range);
    const span = q.timeSpan();
    q.take();
    // The snapshot is open now: it must be the very state that was verified, and the files must
    // not have been written since (bytes written by another program commit nothing, so only the
    // files show them; pages not in the cache are read from those bytes).
    const { stamp } = inputs;
    if (stamp && !sameStamp(stamp, storeStamp(db)))
      throw new StaleVerificationError('The case changed after it was verified.');
    const asOf = options.to ? range.to : (span.hi ?? now.toISOString());
    const ctx = { ...settings, verify: inputs.verify, verifierKey: inputs.verifierKey, asOf };
    const done = new Map<string, CheckResult>();
    const controls: ControlResult[] = framework.controls.map((control) => {
      const checks = control.checks.map((id) => {
        let result = done.get(id);
        if (!result) {
          const def = CHECKS[id];
          const body = def.run(q, ctx);
          result = { id, title: def.title, how: def.how, queries: q.take(), ...body };
          done.set(id, result);
        }
        return result;
      });
      return {
        id: control.id,
        oscalId: control.oscalId,
        title: control.title,
        verdict: worst(checks.map((c) => c.verdict)),
        checks,
      };
    });
    const proofs = attachProofs(db, controls, inputs.blocks ?? undefined);
    // Nor while the report read them (test/report/reuseEditBeforeSnapshot.test.ts).
    if (stamp && !sameStamp(stamp, storeStamp(db)))
      throw new StaleVerificationError('The case file was written while the report read it.');
    return {
      framework: { id: options.framework, title: framework.title, source: framework.source },
      store: {
        path: inputs.storePath,
        storeId: getMeta(db, 'store_id') ?? '',
        origin: getMeta(db, 'origin') ?? '',
        eventCount: eventCount(db),
        verifierKey: inputs.verifierKey,
      },
      period: {
        from: options.from ? range.from : (span.lo ?? range.from),
        to: options.to ? range.to : (span.hi ?? range.to),
      },
      generatedAt: now.toISOString(),
      generatedBy: currentUser(),
      signtrailVersion: SIGNTRAIL_VERSION,
      verification: inputs.verification ?? {
        ok: inputs.verify.ok,
        eventsChecked: inputs.verify.eventsChecked,
        findings: inputs.verify.findings.length,
        checkpointSize: inputs.verify.checkpoint?.size ?? null,
        unsealed: inputs.verify.unsealed,
      },
      settings,
      proofs,
      controls,
    };
  });
}
