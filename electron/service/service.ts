// The one service behind every door. Reads go through one connection; writes (import, sync)
// each open their own, one at a time, so a reader never sees half of an import.
import type { Channel, ChannelResult, ParsedArgs } from '../../shared/channels';
import type { ImportSummary, StoreInfo } from '../../shared/results';
import { importFile } from '../ingest/importer';
import { loadOrCreateSigningKey, signTrailHome, type KeySealer } from '../integrity/keys';
import { verifyStore } from '../integrity/verifyStore';
import { createSigner, latestCheckpoint, type CheckpointSigner } from '../store/checkpoints';
import { eventCount, getMeta, openStore, type Db } from '../store/db';
import { createWriteQueue } from '../store/writeQueue';
import { getEvent, getFacets, getHistogram, queryEvents } from '../store/query';
import { syncHandlers, type SyncHandlerOptions } from '../sync/handlers';
import { exportEvents } from './exportEvents';
import type { JobContext, Service } from './types';

export interface ServiceOptions {
  storePath: string;
  /** SignTrail home: the signing key and settings. Default: SIGNTRAIL_HOME or the OS config folder. */
  home?: string;
  /** Seals the private key at rest (the desktop app passes the OS keystore). */
  sealer?: KeySealer;
  /** Sync settings: the desktop app passes its safeStorage token vault. */
  sync?: Omit<SyncHandlerOptions, 'runExclusive'>;
}

export class UnsupportedChannelError extends Error {
  override name = 'UnsupportedChannelError';
}

type Handlers = {
  [C in Channel]?: (args: ParsedArgs<C>, ctx: JobContext) => Promise<ChannelResult<C>> | ChannelResult<C>;
};

export function createService(options: ServiceOptions): Service {
  const home = options.home ?? signTrailHome();
  const storePath = options.storePath;
  const db = openStore(storePath);
  let signer: CheckpointSigner | null = null;
  const getSigner = (): CheckpointSigner => (signer ??= createSigner(loadOrCreateSigningKey(home, options.sealer)));
  /** Write jobs run one after another, each on its own connection. */
  const exclusiveWrite = createWriteQueue(storePath);

  const sync = syncHandlers(db, storePath, getSigner, { ...options.sync, runExclusive: exclusiveWrite });

  const handlers: Handlers = {
    ...sync,
    'store.info': () => storeInfo(db, storePath, getSigner()),
    'events.query': (args) => queryEvents(db, args),
    'events.get': (args) => getEvent(db, args.seq),
    'events.facets': () => getFacets(db),
    'events.histogram': (args) => getHistogram(db, args.filter, args.buckets),
    'checkpoint.latest': () => latestCheckpoint(db),
    'import.files': (args, ctx) =>
      exclusiveWrite(async (writer) => {
        const summaries: ImportSummary[] = [];
        for (const [index, file] of args.paths.entries()) {
          if (ctx.signal.aborted) break;
          ctx.progress(`Importing ${file} (${index + 1} of ${args.paths.length})`, 0, null);
          summaries.push(
            await importFile(writer, file, {
              assumeTz: args.assumeTz,
              signer: getSigner(),
              signal: ctx.signal,
              onProgress: (received) => ctx.progress(`Importing ${file}`, received, null),
            }),
          );
        }
        return summaries;
      }),
    'verify.run': (args, ctx) =>
      verifyStore(db, {
        ownVerifierKey: getSigner().verifierKey,
        trustedKeys: args.trustedKeys,
        outsideCheckpoints: args.checkpoints,
        outsideRoots: args.roots,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Verifying', done, total),
      }),
    'export.run': (args, ctx) =>
      exportEvents({
        storePath,
        filter: args.filter,
        seqs: args.seqs,
        format: args.format,
        path: args.path,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Exporting', done, total),
        verifierKey: getSigner().verifierKey,
      }),
  };

  return {
    async invoke<C extends Channel>(channel: C, args: ParsedArgs<C>, ctx: JobContext): Promise<ChannelResult<C>> {
      const handler = handlers[channel] as ((a: ParsedArgs<C>, c: JobContext) => unknown) | undefined;
      if (!handler) throw new UnsupportedChannelError(`The service does not answer "${channel}".`);
      return (await handler(args, ctx)) as ChannelResult<C>;
    },
    close() {
      db.close();
    },
  };
}

function storeInfo(db: Db, path: string, signer: CheckpointSigner): StoreInfo {
  const span = db.prepare('SELECT min(ts) AS lo, max(ts) AS hi FROM events').get() as {
    lo: string | null;
    hi: string | null;
  };
  return {
    path,
    storeId: getMeta(db, 'store_id') ?? '',
    origin: getMeta(db, 'origin') ?? '',
    eventCount: eventCount(db),
    verifierKey: signer.verifierKey,
    latestCheckpoint: latestCheckpoint(db),
    firstTimestamp: span.lo,
    lastTimestamp: span.hi,
  };
}
