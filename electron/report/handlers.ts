// The service's report channel: verify the store, compute the framework's checks on the reader
// connection, write the chosen format. IPC, HTTP and the CLI all reach it through the service.
import type { HandlerMap } from '../../shared/handlers';
import { verifyStore } from '../integrity/verifyStore';
import type { CaseStore } from '../store/caseStore';
import { buildReport } from './buildReport';
import { writeReport } from './writeReport';

export function reportHandlers(c: CaseStore): HandlerMap<'report.run'> {
  return {
    'report.run': async (args, ctx) => {
      const started = Date.now();
      const verifierKey = c.signer().verifierKey;
      const verify = await verifyStore(c.db, {
        ownVerifierKey: verifierKey,
        trustedKeys: [],
        outsideCheckpoints: [],
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Verifying', done, total),
      });
      ctx.signal.throwIfAborted();
      ctx.progress('Computing the controls', 0, null);
      const report = buildReport(
        { db: c.db, storePath: c.storePath, verifierKey, verify },
        {
          framework: args.framework,
          from: args.from,
          to: args.to,
          cryptoperiodDays: args.cryptoperiodDays,
          maxGapHours: args.maxGapHours,
        },
      );
      ctx.progress('Writing the report', 0, null);
      return writeReport(report, args.format, args.path, started);
    },
  };
}
