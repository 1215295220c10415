import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCsv, exportCsvPieces } from '../../electron/export/csv';
import type { CsvCellsRow } from '../../electron/export/csv-line';
import { CsvPieces } from '../../electron/export/csv-pieces';
import { CSV_CELLS_COLUMNS, iterateCsvRows } from '../../electron/store/exportRows';
import { csvPiecesInWorkers, csvWorkerEntry } from '../../electron/export/csv-workers';
import type { ExportRow } from '../../electron/export/rows';
import { generateDemoEvents } from '../../electron/demo/generate';
import { nastyRecords, writeEventsTable } from './rows';
import { derivedColumnList } from '../../electron/store/eventColumns';

const opts = { filter: {}, checkpoint: null, signtrailVersion: '0.1.0-test', user: 'tester', now: () => new Date(0) };
const tempDir = () => mkdtempSync(join(tmpdir(), 'signtrail-csv-workers-'));
const ROWS = 3000;

function store(dir: string): string {
  return writeEventsTable(join(dir, 'case.sqlite'), [...nastyRecords(), ...generateDemoEvents({ count: ROWS })]);
}

function selectInBlocks(where: string): string {
  return `SELECT ${CSV_CELLS_COLUMNS} FROM events e ${where ? where + ' AND' : 'WHERE'} e.seq BETWEEN ? AND ? ORDER BY e.seq`;
}

/** The reference: ExportRow objects through the row-at-a-time writer. */
async function exportOneRowAtATime(dbPath: string, where: string, params: unknown[], out: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT e.seq, e.canon, e.leaf, ${derivedColumnList('e.')} FROM events e ${where} ORDER BY e.seq`)
      .all(...params) as ExportRow[];
    return await exportCsv(rows, out, opts);
  } finally {
    db.close();
  }
}

describe('CSV export in worker threads', () => {
  const entry = csvWorkerEntry();

  it('finds a way to start its worker from the sources', () => {
    expect(entry).not.toBeNull();
  });

  it('writes the same bytes as one thread, for the whole table and for a filter, whatever the blocks', async () => {
    const dir = tempDir();
    const dbPath = store(dir);
    const lastSeq = ROWS + nastyRecords().length;
    for (const [where, params] of [
      ['', []],
      ['WHERE e.status IN (?, ?)', ['DENIED', 'FAILURE']],
    ] as const) {
      const expected = await exportOneRowAtATime(dbPath, where, [...params], join(dir, 'one.csv'));
      for (const [workers, blockSeqs] of [
        [2, 97],
        [3, 1],
        [2, 100_000],
      ]) {
        const plan = {
          dbPath,
          sql: selectInBlocks(where),
          params: [...params],
          firstSeq: 1,
          lastSeq,
          workers,
          blockSeqs,
        };
        const got = await exportCsvPieces(csvPiecesInWorkers(plan, entry!), join(dir, 'many.csv'), opts);
        expect({ ...got, file: '' }).toEqual({ ...expected, file: '' });
      }
    }
  }, 60_000);

  it('writes the same bytes as one thread when formatting pieces in this thread', async () => {
    const dir = tempDir();
    const dbPath = store(dir);
    const expected = await exportOneRowAtATime(dbPath, '', [], join(dir, 'one.csv'));
    const db = new Database(dbPath, { readonly: true });
    const { rows, bySeq } = iterateCsvRows(db, { sql: '', params: [], hasKeyword: false, conditions: [], fts: null });
    // Pieces of 4 KB: many records carry over from one piece to the next.
    const pieces = new CsvPieces(rows as IterableIterator<CsvCellsRow>, 4096, bySeq);
    const got = await exportCsvPieces(pieces, join(dir, 'pieces.csv'), opts);
    db.close();
    expect(got.sha256).toBe(expected.sha256);
    expect(got.rows).toBe(expected.rows);
  });

  it('on cancel stops the workers, deletes the partial file and writes no manifest', async () => {
    const dir = tempDir();
    const dbPath = store(dir);
    const out = join(tempDir(), 'out.csv');
    const controller = new AbortController();
    const plan = { dbPath, sql: selectInBlocks(''), params: [], firstSeq: 1, lastSeq: ROWS, workers: 2, blockSeqs: 50 };
    let pieces = 0;
    async function* cancelAfterFirstPiece() {
      for await (const piece of csvPiecesInWorkers(plan, entry!)) {
        pieces++;
        yield piece;
        controller.abort();
      }
    }
    const run = exportCsvPieces(cancelAfterFirstPiece(), out, { ...opts, signal: controller.signal });
    await expect(run).rejects.toThrow(/abort/i);
    // The abort lands while the writer asks for piece 2; it stops right after that one.
    expect(pieces).toBe(2);
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  it('fails with the worker, the seq range and the reason when a worker cannot read, leaving no file', async () => {
    const dir = tempDir();
    const dbPath = store(dir);
    const out = join(tempDir(), 'out.csv');
    const plan = {
      dbPath,
      sql: selectInBlocks('WHERE e.no_such_column = 1'),
      params: [],
      firstSeq: 1,
      lastSeq: ROWS,
      workers: 2,
    };
    await expect(exportCsvPieces(csvPiecesInWorkers(plan, entry!), out, opts)).rejects.toThrow(
      /worker 1 failed on seq 1–3000: no such column: e.no_such_column/,
    );
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });
});
