// The one service behind every door: the open case's store and each feature's handlers, combined
// into one map that answers every service channel of shared/channels.ts. Reads go through one
// connection; writes (import, sync) each open their own, one at a time, so a reader never sees
// half of an import.
import type { ChannelResult, ParsedArgs, ServiceChannel } from '../../shared/channels';
import { handlerMap, type JobContext } from '../../shared/handlers';
import { exportHandlers } from '../export/handlers';
import { importHandlers } from '../ingest/handlers';
import { verifyHandlers } from '../integrity/handlers';
import { signTrailHome, type KeySealer } from '../integrity/keys';
import { journalDeps, journalHandlers, recordActions } from '../journal/handlers';
import { openCaseStore } from '../store/caseStore';
import { reportHandlers } from '../report/handlers';
import { checkpointHandlers, queryHandlers } from '../store/handlers';
import { detectHandlers, type DetectOptions } from '../detect/handlers';
import { caseKey, homeRuleFolders } from '../detect/ruleFolders';
import { WarmDetectWorker } from '../detect/runWorker';
import { homeConfirmations } from '../sync/confirmations';
import { syncHandlers, type SyncHandlerOptions } from '../sync/handlers';
import type { Service } from './types';

export interface ServiceOptions {
  storePath: string;
  /** SignTrail home: the signing key and settings. Default: SIGNTRAIL_HOME or the OS config folder. */
  home?: string;
  /** Seals the private key at rest (the desktop app passes the OS keystore). */
  sealer?: KeySealer;
  /** Sync settings: the desktop app passes its safeStorage token vault. */
  sync?: SyncHandlerOptions;
  /** Detection rule folders and settings (the CLI's --rules, --no-builtin). */
  detect?: DetectOptions;
}

export function createService(options: ServiceOptions): Service {
  const home = options.home ?? signTrailHome();
  const store = openCaseStore({
    storePath: options.storePath,
    home,
    sealer: options.sealer,
  });
  // A new feature adds its handlers here; the type-check names any channel left unanswered.
  const journal = journalDeps(store, home);
  // The detection worker kept between incremental runs of this case: closed with the store.
  const detectWorker = new WarmDetectWorker();
  // Import, sync, verify and export are recorded in the case journal as evidence of review.
  const handlers = recordActions(
    handlerMap<ServiceChannel>()(
      queryHandlers(store),
      checkpointHandlers(store),
      importHandlers(store),
      verifyHandlers(store),
      exportHandlers(store),
      reportHandlers(store),
      syncHandlers(store, { ...options.sync, confirmations: homeConfirmations(home) }),
      detectHandlers(
        store.db,
        options.detect,
        {
          settings: homeRuleFolders(home),
          runExclusive: store.runExclusive,
          caseKey: () => caseKey(store.db),
        },
        detectWorker,
      ),
      journalHandlers(journal),
    ),
    journal,
  );
  return {
    async invoke<C extends ServiceChannel>(channel: C, args: ParsedArgs<C>, ctx: JobContext) {
      const handler = handlers[channel] as (a: ParsedArgs<C>, c: JobContext) => unknown;
      return (await handler(args, ctx)) as ChannelResult<C>;
    },
    close() {
      detectWorker.close();
      store.close();
    },
  };
}
