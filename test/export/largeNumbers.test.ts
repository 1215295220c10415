// docs/formats.md and docs/export.md: every SignTrail export of a store re-imports to the same
// bytes. Numbers that JCS writes as long integers (1e20 is written 100000000000000000000) must
// survive the trip through CSV, NDJSON and sealed exports.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../shared/channels';
import { refusal, tempFolder } from '../ingest/helpers';
import { openEventFile } from '../../electron/ingest/reader';
import { createService } from '../../electron/service/service';
import { noJobContext } from '../../shared/handlers';
import { openStore } from '../../electron/store/db';
import { parseStrictJson } from '../../electron/ingest/strictJson';
import { tempDir } from '../helpers/tmp';

const SOURCE = `{"id":"big-1","timestamp":"2026-03-02T09:00:00Z","actor":{"id":"alice@example.com","type":"user"},"action":"SIGNING_OPERATION","entity":{"type":"Key","id":"key-42"},"status":"SUCCESS","details":{"bytes":1e20,"neg":-2e20,"max":9007199254740991,"float":1.5e300,"nested":[1e20,{"n":1e15}]}}\n`;

function storedCanon(storePath: string): string[] {
  const db = openStore(storePath);
  try {
    return (db.prepare('SELECT canon FROM events ORDER BY seq').pluck().all() as Buffer[]).map((b) => b.toString());
  } finally {
    db.close();
  }
}

describe('large integers in details', () => {
  it('are stored as JCS writes them, and that text parses back to the same numbers', () => {
    expect(parseStrictJson('{"a":100000000000000000000,"b":-200000000000000000000}')).toEqual({ a: 1e20, b: -2e20 });
    // What a double cannot hold exactly is still refused: 2^53 + 1 would be rounded.
    expect(() => parseStrictJson('{"a":9007199254740993}')).toThrow(/beyond ±2\^53/);
    expect(() => parseStrictJson('{"a":100000000000000000001}')).toThrow(/beyond ±2\^53/);
  });

  it('survive every export format and re-import to the same bytes', async () => {
    const dir = tempDir();
    const home = path.join(dir, 'home');
    const source = path.join(dir, 'source.ndjson');
    fs.writeFileSync(source, SOURCE);
    const storePath = path.join(dir, 'case.sqlite');
    const ctx = noJobContext();
    const service = createService({ storePath, home });
    try {
      const [imported] = await service.invoke('import.files', parseArgs('import.files', { paths: [source] }), ctx);
      expect(imported).toMatchObject({ appended: 1, rejected: null });
    } finally {
      service.close();
    }
    const original = storedCanon(storePath);
    expect(original[0]).toContain('"bytes":100000000000000000000');

    for (const format of ['csv', 'ndjson', 'sealed'] as const) {
      const out = path.join(dir, `export.${format}`);
      const exporter = createService({ storePath, home });
      try {
        await exporter.invoke('export.run', parseArgs('export.run', { format, path: out }), ctx);
      } finally {
        exporter.close();
      }
      const again = path.join(dir, `again-${format}.sqlite`);
      const importer = createService({ storePath: again, home });
      try {
        const [summary] = await importer.invoke('import.files', parseArgs('import.files', { paths: [out] }), ctx);
        expect(summary.rejected, `${format}: ${summary.rejected?.message ?? ''}`).toBeNull();
        expect(summary.appended, format).toBe(1);
      } finally {
        importer.close();
      }
      expect(storedCanon(again), format).toEqual(original);
    }
  });

  it('a sealed line the importer cannot take as written is refused without saying it was edited', async () => {
    const write = tempFolder();
    const line = (id: string, n: string) =>
      `{"action":"A","actor":{"id":"a","type":"user"},"details":{"n":${n}},"entity":{"id":"k","type":"Key"},"id":"${id}","status":"SUCCESS","timestamp":"2026-03-02T09:00:00.000000Z"}\n`;
    // The first line is a sealed line (so the file is read as a sealed export); the second holds a
    // number no double holds exactly: refused, but nothing says the file was edited.
    const file = write('sealed.ndjson', line('e1', '1') + line('e2', '100000000000000000001'));
    write('sealed.ndjson.checkpoint', 'a checkpoint beside it makes the file a sealed export\n');
    expect((await openEventFile(file)).format).toBe('sealed');
    const error = await refusal(file);
    expect(error.message).toMatch(/sealed\.ndjson line 2.*beyond ±2\^53/s);
    expect(error.message).not.toMatch(/edited/);
  });
});
