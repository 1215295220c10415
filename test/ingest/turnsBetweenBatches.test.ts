// Issue 14 ("the UI stays responsive during a long import"): the service answers the grid on the
// thread that appends an import, so the append gives the event loop a turn after every batch, also
// when the next batches are already waiting (the import worker runs ahead of the writer). Before,
// a page request queued behind such batches waited until the whole backlog was appended.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { appendSource } from '../../electron/ingest/importer';
import { createSigner } from '../../electron/store/checkpoints';
import { eventCount, openStore, type Db } from '../../electron/store/db';
import { prepareEvent, type PreparedEvent } from '../../electron/store/prepare';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

let db: Db | undefined;
afterEach(() => db?.close());

describe('appending an import', () => {
  it('lets a request waiting on the event loop in between batches that are already here', async () => {
    const dir = tempDir();
    db = openStore(path.join(dir, 'case.sqlite'));
    const signer = createSigner(loadOrCreateSigningKey(path.join(dir, 'home')));
    const batches: PreparedEvent[][] = Array.from({ length: 5 }, () =>
      Array.from({ length: 50 }, (_, i) => prepareEvent({ record: record(), line: i + 1 })),
    );
    let appended = 0;
    // Every batch is ready at once: nothing in the source itself waits on the event loop.
    async function* ready() {
      for (const batch of batches) yield batch;
    }
    // A request that arrives as the import starts (a timer or a message is a turn of the loop),
    // and what the store held when it was answered.
    const answeredAt: number[] = [];
    setImmediate(() => answeredAt.push(appended));
    const done = appendSource(
      db,
      { kind: 'file', source: 'ready.ndjson', format: 'ndjson', preparedBatches: ready() },
      { signer, onProgress: (received) => (appended = received) },
    );
    const result = await done;
    expect(result.tally.appended).toBe(250);
    expect(eventCount(db)).toBe(250);
    // Answered after the first batch, not after all five.
    expect(answeredAt).toEqual([50]);
  });
});
