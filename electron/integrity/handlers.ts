// The verify channel: every byte, the chain, every checkpoint and the search index of the open case.
import type { HandlerMap } from '../../shared/handlers';
import type { CaseStore } from '../store/caseStore';
import { verifyStore } from './verifyStore';

export function verifyHandlers(c: CaseStore): HandlerMap<'verify.run'> {
  return {
    'verify.run': (args, ctx) =>
      verifyStore(c.db, {
        ownVerifierKey: c.signer().verifierKey,
        trustedKeys: args.trustedKeys,
        outsideCheckpoints: args.checkpoints,
        outsideRoots: args.roots,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Verifying', done, total),
      }),
  };
}
