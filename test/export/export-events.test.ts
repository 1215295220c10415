import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv } from '../../electron/export/csv';
import type { ExportRow } from '../../electron/export/rows';
import { createDemoCase } from '../../electron/service/demoCase';
import { exportEvents } from '../../electron/export/exportEvents';
import { filterBound } from '../../electron/store/query';
import type { EventFilter } from '../../shared/filter';
import { tempDir } from '../helpers/tmp';
import { derivedColumnList } from '../../electron/store/eventColumns';

// Above exportEvents' threshold, so its CSV is formatted in worker threads.
const EVENTS = 60_000;
let storePath: string;

let storeDir: string;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, and the store serves them all.
  storeDir = mkdtempSync(join(tmpdir(), 'signtrail-export-events-'));
  storePath = join(storeDir, 'case.sqlite');
  await createDemoCase(storePath, EVENTS, undefined, { home: join(storeDir, 'home') });
}, 60_000);

afterAll(() => rmSync(storeDir, { recursive: true, force: true }));

/** What the row-at-a-time writer makes of the same selection, read the plain way. */
async function reference(where: string, params: unknown[], path: string) {
  const db = new Database(storePath, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT e.seq, e.canon, e.leaf, ${derivedColumnList('e.')} FROM events e ${where} ORDER BY e.seq`)
      .all(...params) as ExportRow[];
    return await exportCsv(rows, path, { filter: {}, checkpoint: null, signtrailVersion: 'x' });
  } finally {
    db.close();
  }
}

function request(filter: EventFilter, path: string) {
  return { storePath, filter, format: 'csv' as const, path, verifierKey: '' };
}

describe('exportEvents (CSV)', () => {
  it('writes the same file from worker threads as one thread writes, and reports progress up to the total', async () => {
    const dir = tempDir();
    const progress: [number, number | null][] = [];
    const manifest = await exportEvents({
      ...request({}, join(dir, 'all.csv')),
      onProgress: (done, total) => progress.push([done, total]),
    });
    const expected = await reference('', [], join(dir, 'ref.csv'));
    expect(manifest.rows).toBe(EVENTS);
    expect(manifest.sha256).toBe(expected.sha256);
    expect(progress.at(-1)).toEqual([EVENTS, EVENTS]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1][0])).toBe(true);
  }, 60_000);

  it('applies the filter in every worker', async () => {
    const dir = tempDir();
    const from = '2000-01-01T00:00:00Z';
    const manifest = await exportEvents(
      request({ from, statuses: ['SUCCESS', 'DENIED', 'FAILURE'] }, join(dir, 'f.csv')),
    );
    const expected = await reference(
      'WHERE e.ts >= ? AND e.status IN (?, ?, ?)',
      [filterBound(from), 'SUCCESS', 'DENIED', 'FAILURE'],
      join(dir, 'ref.csv'),
    );
    expect(manifest.rows).toBe(expected.rows);
    expect(manifest.sha256).toBe(expected.sha256);
  }, 60_000);

  it('exports a small selection in this thread, the same way', async () => {
    const dir = tempDir();
    const manifest = await exportEvents(request({ statuses: ['DENIED'] }, join(dir, 'denied.csv')));
    const expected = await reference('WHERE e.status IN (?)', ['DENIED'], join(dir, 'ref.csv'));
    expect(manifest.rows).toBeGreaterThan(0);
    expect(manifest.rows).toBeLessThan(EVENTS);
    expect(manifest.sha256).toBe(expected.sha256);
  });

  it('on cancel leaves no file and no manifest', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const run = exportEvents({
      ...request({}, join(dir, 'all.csv')),
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exports a selection of 40,000 rows, beyond SQLite's 32,766 bound variables", async () => {
    const dir = tempDir();
    const seqs = Array.from({ length: 40_000 }, (_, i) => i + 1);
    const manifest = await exportEvents({ ...request({}, join(dir, 'selected.csv')), seqs });
    const expected = await reference('WHERE e.seq <= ?', [40_000], join(dir, 'ref.csv'));
    expect(manifest.rows).toBe(40_000);
    expect(manifest.sha256).toBe(expected.sha256);
  });

  it.each(['csv', 'ndjson', 'sealed'] as const)(
    'a %s export to a folder that does not exist fails with that error, not a busy connection',
    async (format) => {
      const target = join(tempDir(), 'no', 'such', 'folder', `out.${format}`);
      await expect(exportEvents({ ...request({}, target), format })).rejects.toThrow(/ENOENT|no such file/i);
    },
  );
});
