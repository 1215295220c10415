// The service's report channel: the verification the report rests on (a fresh one, or this
// process's last one when the store is exactly as it was then: electron/report/verification.ts),
// the framework's checks on the reader connection, the chosen format written. IPC, HTTP and the
// CLI all reach it through the service.
import type { HandlerMap } from '../../shared/handlers';
import type { CaseStore } from '../store/caseStore';
import { buildReport, StaleVerificationError } from './buildReport';
import { describeVerification, verificationForReport, verifyNow } from './verification';
import { writeReport } from './writeReport';

/** A store written to while each verification runs is verified again, at most this many times. */
const ATTEMPTS = 3;

export function reportHandlers(c: CaseStore): HandlerMap<'report.run'> {
  return {
    'report.run': async (args, ctx) => {
      const started = Date.now();
      const verifierKey = c.signer().verifierKey;
      const options = {
        verifierKey,
        signal: ctx.signal,
        onProgress: (done: number, total: number) => ctx.progress('Verifying', done, total),
      };
      let { record, reused } = await verificationForReport(c.db, options);
      for (let attempt = 1; ; attempt++) {
        ctx.signal.throwIfAborted();
        ctx.progress(
          reused
            ? 'Computing the controls (the case is as verified at ' + record.finishedAt + ')'
            : 'Computing the controls',
          0,
          null,
        );
        try {
          const report = buildReport(
            {
              db: c.db,
              storePath: c.storePath,
              verifierKey,
              verify: record.verify,
              verification: describeVerification(record, reused),
              blocks: record.blocks,
              stamp: record.stamp,
            },
            {
              framework: args.framework,
              from: args.from,
              to: args.to,
              cryptoperiodDays: args.cryptoperiodDays,
              maxGapHours: args.maxGapHours,
            },
          );
          ctx.progress('Writing the report', 0, null);
          return await writeReport(report, args.format, args.path, started);
        } catch (err) {
          // Written to between the verification and the report's snapshot: verify what is there now.
          if (!(err instanceof StaleVerificationError) || attempt >= ATTEMPTS) throw err;
          record = await verifyNow(c.db, options);
          reused = false;
        }
      }
    },
  };
}
