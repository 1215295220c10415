// The export channel: what a filter selects, written as CSV, NDJSON or a sealed export with its manifest.
import type { HandlerMap } from '../../shared/handlers';
import type { CaseStore } from '../store/caseStore';
import { exportEvents } from './exportEvents';

export function exportHandlers(c: CaseStore): HandlerMap<'export.run'> {
  return {
    'export.run': (args, ctx) =>
      exportEvents({
        storePath: c.storePath,
        filter: args.filter,
        seqs: args.seqs,
        format: args.format,
        path: args.path,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Exporting', done, total),
        verifierKey: c.signer().verifierKey,
      }),
  };
}
