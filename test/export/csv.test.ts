import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import type { AuditRecord, JsonValue } from '../../shared/event';
import { CSV_COLUMNS, exportCsv } from '../../electron/export/csv';
import { restoreFormula } from '../../electron/export/csv-cell';
import { generateDemoEvents } from '../../electron/demo/generate';
import { parseCsv } from './csv-parse';
import { nastyRecords, toExportRows } from './rows';

const opts = { filter: { actors: ['alice@example.com'] }, checkpoint: null, signtrailVersion: '0.1.0-test' };
const tempDir = () => mkdtempSync(join(tmpdir(), 'signtrail-csv-'));

/** What SignTrail's importer does with its own header: undo the guard, rebuild the record. */
function recordFromCsv(header: string[], cells: string[]): AuditRecord {
  const get = (column: string) => restoreFormula(cells[header.indexOf(column)]);
  const name = get('Entity Name');
  return {
    id: get('Event ID'),
    timestamp: get('Timestamp'),
    actor: { id: get('Actor'), type: get('Actor Type') as AuditRecord['actor']['type'] },
    action: get('Action'),
    entity:
      name === ''
        ? { type: get('Entity Type'), id: get('Entity ID') }
        : { type: get('Entity Type'), id: get('Entity ID'), name },
    status: get('Status') as AuditRecord['status'],
    details: JSON.parse(get('Details')),
  };
}

describe('exportCsv', () => {
  it('writes a UTF-8 BOM, the documented header and CRLF-ended records', async () => {
    const path = join(tempDir(), 'out.csv');
    await exportCsv(toExportRows(generateDemoEvents({ count: 50 })), path, opts);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF' + CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    const records = parseCsv(text.slice(1));
    expect(records).toHaveLength(51);
    expect(records.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('round-trips every event, tricky text included, to the same canonical bytes and leaf hash', async () => {
    const rows = toExportRows([...nastyRecords(), ...generateDemoEvents({ count: 500 })]);
    const path = join(tempDir(), 'out.csv');
    await exportCsv(rows, path, opts);
    const [header, ...records] = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    expect(records).toHaveLength(rows.length);
    records.forEach((cells, i) => {
      const record = recordFromCsv(header, cells);
      expect(canonicalize(record as unknown as JsonValue)).toBe(rows[i].canon.toString());
      expect(cells[header.indexOf('Leaf Hash')]).toBe(Buffer.from(rows[i].leaf).toString('hex'));
      expect(Number(cells[0])).toBe(rows[i].seq);
    });
  });

  it('leaves no cell a spreadsheet would run as a formula', async () => {
    const path = join(tempDir(), 'out.csv');
    await exportCsv(toExportRows(nastyRecords()), path, opts);
    const cells = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')).flat();
    for (const cell of cells) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes a manifest whose SHA-256 and row count match the file', async () => {
    const path = join(tempDir(), 'out.csv');
    const checkpoint = { size: 9, rootB64: 'cm9vdA==', note: 'signtrail/x\n9\ncm9vdA==\n\n— k sig\n' };
    const manifest = await exportCsv(toExportRows(generateDemoEvents({ count: 120 })), path, {
      ...opts,
      checkpoint,
      user: 'tester',
      now: () => new Date('2026-04-01T12:00:00Z'),
    });
    const onDisk = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8'));
    expect(onDisk).toEqual(manifest);
    expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(manifest).toMatchObject({
      format: 'csv',
      rows: 120,
      filter: opts.filter,
      checkpoint,
      signtrailVersion: '0.1.0-test',
    });
    expect(manifest).toMatchObject({ exportedBy: 'tester', exportedAt: '2026-04-01T12:00:00.000Z', file: path });
  });

  it('records the OS user in the manifest when none is given', async () => {
    const path = join(tempDir(), 'out.csv');
    const manifest = await exportCsv([], path, opts);
    expect(manifest.exportedBy.length).toBeGreaterThan(0);
    expect(manifest.rows).toBe(0);
  });

  it('reads an async source as well as a sync one', async () => {
    const rows = toExportRows(generateDemoEvents({ count: 30 }));
    async function* source() {
      for (const row of rows) yield row;
    }
    const dir = tempDir();
    const a = await exportCsv(rows, join(dir, 'a.csv'), opts);
    const b = await exportCsv(source(), join(dir, 'b.csv'), opts);
    expect(b.sha256).toBe(a.sha256);
  });

  it('on cancel deletes the partial file, writes no manifest and rejects', async () => {
    const dir = tempDir();
    const rows = toExportRows(generateDemoEvents({ count: 2000 }));
    function* many() {
      for (let i = 0; i < 100; i++) yield* rows;
    }
    const controller = new AbortController();
    const progress: number[] = [];
    const run = exportCsv(many(), join(dir, 'out.csv'), {
      ...opts,
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(progress.length).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps an existing file untouched when the export fails midway', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'previous export');
    const rows = toExportRows(generateDemoEvents({ count: 10 }));
    function* failing() {
      yield* rows;
      throw new Error('the database went away');
    }
    await expect(exportCsv(failing(), path, opts)).rejects.toThrow('the database went away');
    expect(readFileSync(path, 'utf8')).toBe('previous export');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('says which folder it could not write to', async () => {
    await expect(exportCsv([], join(tempDir(), 'missing', 'out.csv'), opts)).rejects.toThrow(
      /missing.*\.out\.csv\.[0-9a-f]{12}\.partial.*folder exists/,
    );
  });
});
