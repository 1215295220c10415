import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportNdjson } from '../../electron/export/ndjson';
import { exportSealed } from '../../electron/export/sealed';
import { generateDemoEvents } from '../../electron/demo/generate';
import { nastyRecords, toExportRows } from './rows';

const tempDir = () => mkdtempSync(join(tmpdir(), 'signtrail-export-'));
const rows = toExportRows([...nastyRecords(), ...generateDemoEvents({ count: 300 })]);
const canonLines = (selected: typeof rows) => Buffer.concat(selected.flatMap((r) => [r.canon, Buffer.from('\n')]));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const checkpointFor = (size: number) => ({
  size,
  rootB64: 'AAAA',
  note: `signtrail/test\n${size}\nAAAA\n\n— signtrail-test AbCdEf==\n`,
});
const sealedOpts = (size: number) => ({
  checkpoint: checkpointFor(size),
  verifierKey: 'signtrail-test+0a1b2c3d+AQID',
  signtrailVersion: '0.1.0',
});

describe('exportNdjson', () => {
  it('writes the stored canonical bytes of each selected event, one per line', async () => {
    const path = join(tempDir(), 'out.ndjson');
    const selected = rows.filter((r) => r.seq % 3 === 0);
    const manifest = await exportNdjson(selected, path, {
      filter: { q: 'x' },
      checkpoint: null,
      signtrailVersion: '0.1.0',
    });
    expect(readFileSync(path).equals(canonLines(selected))).toBe(true);
    expect(manifest).toMatchObject({
      format: 'ndjson',
      rows: selected.length,
      sha256: sha256(readFileSync(path)),
      filter: { q: 'x' },
    });
  });
});

describe('exportSealed', () => {
  it('writes FILE as canon lines of seq 1..n exactly, with the checkpoint note and verifier key beside it', async () => {
    const dir = tempDir();
    const path = join(dir, 'case.sealed');
    const manifest = await exportSealed(rows, path, sealedOpts(rows.length));
    expect(readFileSync(path).equals(canonLines(rows))).toBe(true);
    expect(readFileSync(`${path}.checkpoint`, 'utf8')).toBe(checkpointFor(rows.length).note);
    expect(readFileSync(`${path}.key`, 'utf8')).toBe('signtrail-test+0a1b2c3d+AQID\n');
    expect(manifest).toMatchObject({
      format: 'sealed',
      rows: rows.length,
      sha256: sha256(readFileSync(path)),
      filter: {},
    });
    expect(readdirSync(dir).sort()).toEqual([
      'case.sealed',
      'case.sealed.checkpoint',
      'case.sealed.key',
      'case.sealed.manifest.json',
    ]);
  });

  it('refuses a selection with a gap, naming the seq, and leaves no file', async () => {
    const dir = tempDir();
    const gapped = rows.filter((r) => r.seq !== 5);
    await expect(exportSealed(gapped, join(dir, 'case.sealed'), sealedOpts(gapped.length))).rejects.toThrow(
      /seq 6 came where seq 5 was expected/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses when the checkpoint does not cover exactly the exported events', async () => {
    const dir = tempDir();
    await expect(exportSealed(rows, join(dir, 'a.sealed'), sealedOpts(rows.length + 1))).rejects.toThrow(
      /covers \d+ events but the store gave/,
    );
    await expect(exportSealed(rows, join(dir, 'b.sealed'), sealedOpts(rows.length - 1))).rejects.toThrow(
      /ends at its checkpoint/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('on cancel leaves none of its three files', async () => {
    const dir = tempDir();
    const big = toExportRows(generateDemoEvents({ count: 8000 }));
    const controller = new AbortController();
    const run = exportSealed(big, join(dir, 'case.sealed'), {
      ...sealedOpts(big.length),
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(readdirSync(dir)).toEqual([]);
  });
});
