// The demo case: a store filled with synthetic events, for a first start and for benchmarks.
import type { StoreInfo } from '../../shared/results';
import { generateDemoEvents } from '../demo/generate';
import { appendSource } from '../ingest/importer';
import { loadOrCreateSigningKey, signTrailHome, type KeySealer } from '../integrity/keys';
import type { IncomingEvent } from '../store/append';
import { createSigner } from '../store/checkpoints';
import { homeWitness } from '../integrity/witness';
import { openStore, type Db } from '../store/db';
import { countImportsNotOfKind } from '../store/imports';
import { countSyncSources } from '../store/syncSources';
import { createService } from './service';
import { noJobContext } from '../../shared/handlers';

const BATCH = 5000;

function* demoBatches(count: number, onProgress?: (done: number) => void): Iterable<IncomingEvent[]> {
  let batch: IncomingEvent[] = [];
  let line = 0;
  for (const record of generateDemoEvents({ count })) {
    batch.push({ record, line: ++line });
    if (batch.length === BATCH) {
      yield batch;
      onProgress?.(line);
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** The store already holds evidence other than a demo case: synthetic events must never join it. */
export class NotADemoCaseError extends Error {
  override name = 'NotADemoCaseError';
}

/**
 * An append-only store cannot drop what the demo would add, so the demo writes only into a new
 * store or one that holds nothing but earlier demo events.
 */
function refuseRealCase(db: Db, storePath: string): void {
  const imports = countImportsNotOfKind(db, 'demo');
  const sources = countSyncSources(db);
  if (imports === 0 && sources === 0) return;
  const held = [
    imports ? `${imports} import${imports === 1 ? '' : 's'} of real files or syncs` : '',
    sources ? `${sources} sync source${sources === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  throw new NotADemoCaseError(
    `${storePath} is not a demo case (it holds ${held}): demo events would be mixed into it for good, as the store is append-only. Name a new file for the demo.`,
  );
}

export async function createDemoCase(
  storePath: string,
  count: number,
  onProgress?: (done: number) => void,
  options: { home?: string; sealer?: KeySealer } = {},
): Promise<StoreInfo> {
  const db = openStore(storePath);
  try {
    refuseRealCase(db, storePath);
    const home = options.home ?? signTrailHome();
    const signer = createSigner(loadOrCreateSigningKey(home, options.sealer), homeWitness(home));
    await appendSource(
      db,
      { kind: 'demo', source: `demo:${count}`, format: 'demo', batches: demoBatches(count, onProgress) },
      { signer },
    );
  } finally {
    db.close();
  }
  const service = createService({ storePath, home: options.home, sealer: options.sealer });
  try {
    return await service.invoke('store.info', {}, noJobContext());
  } finally {
    service.close();
  }
}
