// The demo case: a store filled with synthetic events, for a first start and for benchmarks.
import type { StoreInfo } from '../../shared/results';
import { generateDemoEvents } from '../demo/generate';
import { appendSource } from '../ingest/importer';
import { loadOrCreateSigningKey, signTrailHome, type KeySealer } from '../integrity/keys';
import type { IncomingEvent } from '../store/append';
import { createSigner } from '../store/checkpoints';
import { homeWitness } from '../integrity/witness';
import { openStore } from '../store/db';
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

export async function createDemoCase(
  storePath: string,
  count: number,
  onProgress?: (done: number) => void,
  options: { home?: string; sealer?: KeySealer } = {},
): Promise<StoreInfo> {
  const db = openStore(storePath);
  try {
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
