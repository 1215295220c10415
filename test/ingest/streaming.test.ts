import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, openEventFile } from '../../electron/ingest/reader';
import { writeJsonArray, writeNdjson, writePlatformCsv } from './fixtures/generate';
import { readAll, tempFolder } from './helpers';

const write = tempFolder();
const ROWS = 12_345;

describe('streaming', () => {
  it.each([
    ['csv', writePlatformCsv],
    ['json', writeJsonArray],
    ['ndjson', writeNdjson],
  ] as const)('reads %s in bounded batches, with the SHA-256 and size of the whole file', async (format, writer) => {
    const file = write(`gen.${format}`, '');
    await writer(file, ROWS);
    const { events, stats, batchSizes, format: detected } = await readAll(file);
    expect(detected).toBe(format);
    expect(events).toHaveLength(ROWS);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(BATCH_SIZE);
    const bytes = readFileSync(file);
    expect(stats).toEqual({
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rows: ROWS,
      assumedTimeZone: null,
    });
    expect(events[ROWS - 1].record.id).toBe(`evt-${ROWS - 1}`);
    expect(new Set(events.map((e) => e.line)).size).toBe(ROWS);
  });

  it('lets batches() be iterated only once', async () => {
    const file = write('once.ndjson', '');
    await writeNdjson(file, 3);
    const reader = await openEventFile(file);
    for await (const batch of reader.batches()) expect(batch).toHaveLength(3);
    await expect(async () => {
      for await (const _ of reader.batches()) void _;
    }).rejects.toThrow(/already iterated/);
  });
});
