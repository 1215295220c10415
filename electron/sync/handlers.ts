// The sync channels. Sources change and syncs run on the case's write queue, never beside an import.
// A source runs only once this installation confirmed it (docs/threat-model.md, item 4).
import type { ParsedArgs } from '../../shared/channels';
import type { JobContext } from '../../shared/handlers';
import type { SyncRunReport, SyncSourceView } from '../../shared/sync';
import type { CaseStore } from '../store/caseStore';
import { caseKey } from '../store/caseKey';
import type { SourceConfirmations } from './confirmations';
import { SyncError } from './errors';
import { setSourceToken } from './setSourceToken';
import { addSource, findSource, getSource, listSources, removeSource, toView, type SyncSourceConfig } from './sources';
import { syncAll, syncSource, type SyncOptions } from './syncSource';
import { bindVaultToOrigin, type TokenVault } from './tokens';

export interface SyncHandlerOptions {
  /** The desktop app passes its safeStorage vault; default: environment variable or 0600 file. */
  vault?: TokenVault;
  http?: SyncOptions['http'];
  folder?: SyncOptions['folder'];
}

export interface SyncHandlerDeps extends SyncHandlerOptions {
  /** This installation's confirmed sources (SignTrail home): a source runs only once confirmed. */
  confirmations: SourceConfirmations;
}

/** Narrower than HandlerMap<...> (no context where none is used) so tests can call them directly. */
export interface SyncHandlers {
  'sync.sources': (args: ParsedArgs<'sync.sources'>, ctx: JobContext) => SyncSourceView[];
  'sync.run': (args: ParsedArgs<'sync.run'>, ctx: JobContext) => Promise<SyncRunReport[]>;
  'sync.addSource': (args: ParsedArgs<'sync.addSource'>) => Promise<SyncSourceView>;
  'sync.removeSource': (args: ParsedArgs<'sync.removeSource'>) => Promise<{ removed: boolean }>;
  'sync.setToken': (args: ParsedArgs<'sync.setToken'>) => Promise<{ stored: true }>;
  'sync.confirmSource': (args: ParsedArgs<'sync.confirmSource'>) => SyncSourceView & { confirmedAs: string };
}

export function syncHandlers(c: CaseStore, options: SyncHandlerDeps): SyncHandlers {
  const confirmations = options.confirmations;
  // Confirmations are bound to the case's origin and its file's real path (store/caseKey.ts).
  const origin = (): string => caseKey(c.db);
  const view = (source: SyncSourceConfig): SyncSourceView => ({
    ...toView(source),
    confirmed: confirmations.isConfirmed(origin(), source),
  });
  // The app's sealed tokens are bound to the URL origin they were entered for.
  const vault = options.vault && bindVaultToOrigin(options.vault, (name) => findSource(c.db, name)?.location ?? null);
  return {
    'sync.sources': () => listSources(c.db).map(view),
    // Adding a source yourself confirms it.
    'sync.addSource': (args) =>
      c.runExclusive(async (writer) => {
        const source = addSource(writer, args);
        confirmations.confirm(origin(), source);
        return view(source);
      }),
    'sync.removeSource': (args) =>
      c.runExclusive(async (writer) => {
        const removed = removeSource(writer, args.name);
        if (removed) {
          await vault?.forget?.(args.name);
          confirmations.forget(origin(), args.name);
        }
        return { removed };
      }),
    // The desktop (after a native box) and the CLI; browser mode refuses it (shared/channels.ts).
    'sync.confirmSource': (args) => {
      const source = getSource(c.db, args.name);
      if (source.location !== args.location) {
        throw new SyncError(
          'config',
          `source ${args.name} now says ${source.location}, not ${args.location} as you were shown; nothing was confirmed. Look at it again.`,
        );
      }
      confirmations.confirm(origin(), source);
      return { ...view(source), confirmedAs: confirmations.describe(source) };
    },
    // Desktop only (dispatch refuses it in browser mode and the CLI): the vault seals the token.
    'sync.setToken': (args) => setSourceToken(c.db, vault, args.name, args.token),
    'sync.run': (args, ctx) =>
      c.runExclusive(async (writer) => {
        const sync: SyncOptions = {
          signer: c.signer(),
          vault,
          confirmed: (source) => confirmations.assertConfirmed(origin(), source, c.storePath),
          signal: ctx.signal,
          http: options.http,
          folder: options.folder,
          onProgress: (r) => ctx.progress(`Syncing ${r.source}`, r.received, null),
        };
        return args.source ? [await syncSource(writer, args.source, sync)] : await syncAll(writer, sync);
      }),
  };
}
