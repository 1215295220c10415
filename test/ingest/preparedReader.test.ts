import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlatformCsv } from '../../bench/platformCsv';
import { generateDemoEvents } from '../../electron/demo/generate';
import { ImportError } from '../../electron/ingest/errors';
import { openPreparedFile } from '../../electron/ingest/preparedReader';
import { tempDir } from '../helpers/tmp';

async function readAll(file: string, worker: boolean) {
  const reader = await openPreparedFile(file, { worker });
  const events = [];
  try {
    for await (const batch of reader.batches()) events.push(...batch);
  } finally {
    await reader.close();
  }
  return { format: reader.format, events, stats: reader.stats() };
}

async function rejection(file: string, worker: boolean): Promise<ImportError> {
  try {
    await readAll(file, worker);
  } catch (err) {
    return err as ImportError;
  }
  throw new Error('the file was not rejected');
}

describe('preparing a file for import', () => {
  it('gives the same events in the import worker as in this thread', async () => {
    const file = path.join(tempDir(), 'events.csv');
    await writePlatformCsv(file, generateDemoEvents({ count: 5000, seed: 3 }));
    const inWorker = await readAll(file, true);
    const inThread = await readAll(file, false);
    expect(inWorker.events).toHaveLength(5000);
    expect(inWorker.format).toBe('csv');
    expect(inWorker.stats).toEqual(inThread.stats);
    inWorker.events.forEach((event, i) => {
      const other = inThread.events[i];
      expect(Buffer.from(event[0]).equals(Buffer.from(other[0]))).toBe(true);
      expect(Buffer.from(event[1]).equals(Buffer.from(other[1]))).toBe(true);
      expect(event.slice(2)).toEqual(other.slice(2));
    });
  });

  it('rejects a malformed file with the same file, line and field from the worker', async () => {
    const file = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(
      file,
      'Timestamp,Actor,Action,Entity,Status\n2026-03-02T09:00:00Z,alice,KEY_GENERATED,Key:k1,Success\nyesterday,bob,KEY_REVOKED,Key:k1,Success\n',
    );
    const fromWorker = await rejection(file, true);
    const fromThread = await rejection(file, false);
    expect(fromWorker).toBeInstanceOf(ImportError);
    expect({ line: fromWorker.line, field: fromWorker.field, message: fromWorker.message }).toEqual({
      line: fromThread.line,
      field: fromThread.field,
      message: fromThread.message,
    });
    expect(fromWorker.message).toMatch(/bad\.csv line 3, field "Timestamp"/);
  });
});
