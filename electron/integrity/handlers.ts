// The verify channel: every byte, the chain, every checkpoint and the search index of the open case.
import type { HandlerMap } from '../../shared/handlers';
import type { CaseStore } from '../store/caseStore';
import { verifyStore } from './verifyStore';

export function verifyHandlers(c: CaseStore): HandlerMap<'verify.run'> {
  return {
    'verify.run': async (args, ctx) => {
      const report = await verifyStore(c.db, {
        ownVerifierKey: c.signer().verifierKey,
        trustedKeys: args.trustedKeys,
        outsideCheckpoints: args.checkpoints,
        outsideRoots: args.roots,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Verifying', done, total),
        witness: c.witness,
      });
      // A trusted checkpoint that matches a store with no finding is witnessed from now on.
      const cp = report.checkpoint;
      if (report.ok && cp?.trusted && report.witness && report.witness.state !== 'failed')
        c.witness.record(report.witness.origin, cp.size, Buffer.from(cp.rootB64, 'base64'));
      return report;
    },
  };
}
