// The import channel: each file one transaction, on the case's write queue, one after another.
import path from 'node:path';
import type { HandlerMap } from '../../shared/handlers';
import type { ImportSummary } from '../../shared/results';
import type { CaseStore } from '../store/caseStore';
import { importFile } from './importer';

export function importHandlers(c: CaseStore): HandlerMap<'import.files'> {
  return {
    'import.files': (args, ctx) =>
      c.runExclusive(async (writer) => {
        const summaries: ImportSummary[] = [];
        for (const [index, file] of args.paths.entries()) {
          if (ctx.signal.aborted) break;
          // The file's name only: a browser-mode upload sits in a server temp folder the user never chose.
          const name = path.basename(file);
          const of = args.paths.length > 1 ? ` (${index + 1} of ${args.paths.length})` : '';
          ctx.progress(`Importing ${name}${of}, events read`, 0, null);
          summaries.push(
            await importFile(writer, file, {
              assumeTz: args.assumeTz,
              signer: c.signer(),
              signal: ctx.signal,
              onProgress: (received) => ctx.progress(`Importing ${name}${of}, events read`, received, null),
            }),
          );
        }
        return summaries;
      }),
  };
}
