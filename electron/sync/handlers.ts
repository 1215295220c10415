// The sync channels. Sources change and syncs run on the case's write queue, never beside an import.
import type { ParsedArgs } from '../../shared/channels';
import type { JobContext } from '../../shared/handlers';
import type { SyncRunReport, SyncSourceView } from '../../shared/sync';
import type { CaseStore } from '../store/caseStore';
import { setSourceToken } from './setSourceToken';
import { addSource, listSources, removeSource, toView } from './sources';
import { syncAll, syncSource, type SyncOptions } from './syncSource';
import type { TokenVault } from './tokens';

export interface SyncHandlerOptions {
  /** The desktop app passes its safeStorage vault; default: environment variable or 0600 file. */
  vault?: TokenVault;
  http?: SyncOptions['http'];
  folder?: SyncOptions['folder'];
}

/** Narrower than HandlerMap<...> (no context where none is used) so tests can call them directly. */
export interface SyncHandlers {
  'sync.sources': (args: ParsedArgs<'sync.sources'>, ctx: JobContext) => SyncSourceView[];
  'sync.run': (args: ParsedArgs<'sync.run'>, ctx: JobContext) => Promise<SyncRunReport[]>;
  'sync.addSource': (args: ParsedArgs<'sync.addSource'>) => Promise<SyncSourceView>;
  'sync.removeSource': (args: ParsedArgs<'sync.removeSource'>) => Promise<{ removed: boolean }>;
  'sync.setToken': (args: ParsedArgs<'sync.setToken'>) => Promise<{ stored: true }>;
}

export function syncHandlers(c: CaseStore, options: SyncHandlerOptions = {}): SyncHandlers {
  return {
    'sync.sources': () => listSources(c.db).map(toView),
    'sync.addSource': (args) => c.runExclusive(async (writer) => toView(addSource(writer, args))),
    'sync.removeSource': (args) =>
      c.runExclusive(async (writer) => {
        const removed = removeSource(writer, args.name);
        if (removed) await options.vault?.forget?.(args.name);
        return { removed };
      }),
    // Desktop only (dispatch refuses it in browser mode and the CLI): the vault seals the token.
    'sync.setToken': (args) => setSourceToken(c.db, options.vault, args.name, args.token),
    'sync.run': (args, ctx) =>
      c.runExclusive(async (writer) => {
        const sync: SyncOptions = {
          signer: c.signer(),
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
