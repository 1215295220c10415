// The service's sync channels. Writes run on their own connection, one job at a time.
import type { ParsedArgs } from '../../shared/channels';
import type { SyncSourceView } from '../../shared/sync';
import type { SyncRunDetail } from './report';
import type { JobContext } from '../service/types';
import type { CheckpointSigner } from '../store/checkpoints';
import type { Db } from '../store/db';
import { createWriteQueue, type RunExclusive } from '../store/writeQueue';
import { setSourceToken } from './setSourceToken';
import { addSource, listSources, removeSource, toView } from './sources';
import { syncAll, syncSource, type SyncOptions } from './syncSource';
import type { TokenVault } from './tokens';

export type { RunExclusive };

export interface SyncHandlerOptions {
  /** The desktop app passes its safeStorage vault; default: environment variable or 0600 file. */
  vault?: TokenVault;
  /** The service's write queue, so sync never runs beside an import; default: a queue of its own. */
  runExclusive?: RunExclusive;
  http?: SyncOptions['http'];
  folder?: SyncOptions['folder'];
}

export interface SyncHandlers {
  'sync.sources': (args: ParsedArgs<'sync.sources'>, ctx: JobContext) => SyncSourceView[];
  'sync.run': (args: ParsedArgs<'sync.run'>, ctx: JobContext) => Promise<SyncRunDetail[]>;
  'sync.addSource': (args: ParsedArgs<'sync.addSource'>) => Promise<SyncSourceView>;
  'sync.removeSource': (args: ParsedArgs<'sync.removeSource'>) => Promise<{ removed: boolean }>;
  'sync.setToken': (args: ParsedArgs<'sync.setToken'>) => Promise<{ stored: true }>;
}

export function syncHandlers(
  db: Db,
  storePath: string,
  getSigner: () => CheckpointSigner,
  options: SyncHandlerOptions = {},
): SyncHandlers {
  const runExclusive = options.runExclusive ?? createWriteQueue(storePath);
  return {
    'sync.sources': () => listSources(db).map(toView),
    // Sources are written through the write queue, never beside a running import or sync.
    'sync.addSource': (args) => runExclusive(async (writer) => toView(addSource(writer, args))),
    'sync.removeSource': (args) =>
      runExclusive(async (writer) => {
        const removed = removeSource(writer, args.name);
        if (removed) await options.vault?.forget?.(args.name);
        return { removed };
      }),
    // Desktop only (dispatch refuses it in browser mode): the vault seals the token.
    'sync.setToken': (args) => setSourceToken(db, options.vault, args.name, args.token),
    'sync.run': (args, ctx) =>
      runExclusive(async (writer) => {
        const sync: SyncOptions = {
          signer: getSigner(),
          vault: options.vault,
          signal: ctx.signal,
          http: options.http,
          folder: options.folder,
          onProgress: (r) => ctx.progress(`Syncing ${r.source}`, r.received, null),
        };
        return args.source ? [await syncSource(writer, args.source, sync)] : await syncAll(writer, sync);
      }),
  };
}
