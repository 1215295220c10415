import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addSource, getSource } from '../../electron/sync/sources';
import { syncSource, type SyncOptions } from '../../electron/sync/syncSource';
import type { AuditRecord } from '../../shared/event';
import { expectIntactStore } from './storeChecks';
import { importRows, platformEvents, syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
let drop: string;

beforeEach(() => {
  c = syncCase();
  drop = path.join(c.dir, 'drop');
  fs.mkdirSync(drop);
  addSource(c.db, { name: 'share', folder: drop });
});
afterEach(() => c.db.close());

const ndjson = (events: AuditRecord[]) => events.map((e) => JSON.stringify(e) + '\n').join('');
const run = (extra: Partial<SyncOptions> = {}) =>
  syncSource(c.db, 'share', { signer: c.signer, folder: { stableMs: 150 }, ...extra });

it('waits for a file still being written, then imports it once', async () => {
  const text = ndjson(platformEvents(12));
  const file = path.join(drop, 'export-1.ndjson');
  const half = text.lastIndexOf('\n', Math.floor(text.length / 2)) + 1; // the first half ends a line
  fs.writeFileSync(file, text.slice(0, half));
  // The writer keeps the file growing (blank lines, which NDJSON skips) for as long as the first run
  // looks at it, however slow the machine; only then does it write the rest.
  const writer = setInterval(() => fs.appendFileSync(file, '\n'), 20);
  const first = await run({ folder: { stableMs: 400 } });
  clearInterval(writer);
  fs.appendFileSync(file, text.slice(half));
  expect(first).toMatchObject({ appended: 0, files: 0, pending: [file], rejected: [], error: null });
  await expectIntactStore(c.db, c.signer.verifierKey, 0);

  const second = await run();
  expect(second).toMatchObject({ appended: 12, files: 1, pending: [], error: null });
  const third = await run();
  expect(third).toMatchObject({ appended: 0, files: 0, duplicates: 0 });
  expect(importRows(c.db)).toHaveLength(1);
  expect(importRows(c.db)[0]).toMatchObject({ kind: 'sync', source: 'share', appended: 12 });
  await expectIntactStore(c.db, c.signer.verifierKey, 12);
});

it('imports a grown file again, adding only its new events', async () => {
  const events = platformEvents(8);
  const file = path.join(drop, 'rolling.ndjson');
  fs.writeFileSync(file, ndjson(events.slice(0, 5)));
  expect(await run()).toMatchObject({ appended: 5, files: 1 });
  fs.appendFileSync(file, ndjson(events.slice(5)));
  expect(await run()).toMatchObject({ appended: 3, duplicates: 5, files: 1, error: null });
  const known = c.db.prepare('SELECT count(*) FROM sync_files WHERE source = ?').pluck().get('share');
  expect(known).toBe(2);
  await expectIntactStore(c.db, c.signer.verifierKey, 8);
});

it('takes each content once, even under another name', async () => {
  const text = ndjson(platformEvents(4));
  fs.writeFileSync(path.join(drop, 'a.ndjson'), text);
  expect(await run()).toMatchObject({ appended: 4, files: 1 });
  fs.writeFileSync(path.join(drop, 'copy-of-a.ndjson'), text);
  expect(await run()).toMatchObject({ appended: 0, duplicates: 0, files: 0, error: null });
  expect(importRows(c.db)).toHaveLength(1);
  await expectIntactStore(c.db, c.signer.verifierKey, 4);
});

it('reports a refused file, records why, and does not try the same content again', async () => {
  fs.writeFileSync(path.join(drop, 'good.ndjson'), ndjson(platformEvents(3)));
  const bad = path.join(drop, 'bad.ndjson');
  fs.writeFileSync(bad, '{"id": "e1", "action": "KEY_GENERATED"}\n');
  const first = await run();
  expect(first.appended).toBe(3);
  expect(first.rejected).toHaveLength(1);
  expect(first.rejected[0].file).toBe(bad);
  expect(first.rejected[0].message).toMatch(/^bad\.ndjson line 1/);
  expect(first.errorKind).toBe('malformed');
  expect(first.error).toMatch(/1 file was refused and will not be tried again until changed: bad\.ndjson line 1/);
  expect(getSource(c.db, 'share').lastError).toBe(first.error);
  const recorded = c.db.prepare('SELECT error FROM sync_files WHERE path = ?').pluck().get(bad) as string;
  expect(recorded).toBe(first.rejected[0].message);

  const second = await run();
  expect(second).toMatchObject({ appended: 0, rejected: [], error: null });
  expect(importRows(c.db)).toHaveLength(1);
  await expectIntactStore(c.db, c.signer.verifierKey, 3);
});

it('leaves hidden files, partial downloads and export companions alone', async () => {
  const text = ndjson(platformEvents(2));
  for (const name of [
    '.hidden.ndjson',
    'export.ndjson.part',
    'export.ndjson.partial',
    'export.ndjson.tmp',
    'export.ndjson.crdownload',
    'export.ndjson.download',
    'EXPORT.NDJSON.CRDOWNLOAD',
    'case.ndjson.checkpoint',
    'case.ndjson.key',
    'x.csv.manifest.json',
  ]) {
    fs.writeFileSync(path.join(drop, name), text);
  }
  expect(await run()).toMatchObject({ appended: 0, files: 0, rejected: [], pending: [], error: null });
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it('looks only at the folder itself, not into its subfolders', async () => {
  const nested = path.join(drop, 'archive', '2026');
  fs.mkdirSync(nested, { recursive: true });
  fs.writeFileSync(path.join(nested, 'old.ndjson'), ndjson(platformEvents(3)));
  fs.writeFileSync(path.join(drop, 'archive.ndjson'), ndjson(platformEvents(2)));
  expect(await run()).toMatchObject({ appended: 2, files: 1, rejected: [], pending: [], error: null });
  expect(importRows(c.db).map((r) => r.detail ?? '')).not.toContainEqual(expect.stringContaining('old.ndjson'));
  await expectIntactStore(c.db, c.signer.verifierKey, 2);
});

it('takes a finished download once its partial name is gone', async () => {
  const text = ndjson(platformEvents(4));
  const partial = path.join(drop, 'export.ndjson.crdownload');
  fs.writeFileSync(partial, text);
  expect(await run()).toMatchObject({ appended: 0, files: 0 });
  fs.renameSync(partial, path.join(drop, 'export.ndjson'));
  expect(await run()).toMatchObject({ appended: 4, files: 1, error: null });
  await expectIntactStore(c.db, c.signer.verifierKey, 4);
});

it('stops with a clear message when the folder is gone', async () => {
  fs.rmSync(drop, { recursive: true });
  const report = await run();
  expect(report.errorKind).toBe('config');
  expect(report.error).toBe(
    `cannot read the folder ${drop} of source share: ENOENT: no such file or directory, scandir '${drop}'.`,
  );
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});
