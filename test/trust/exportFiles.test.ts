// Issue 9, hole 8: files written beside the user's choice. The attacks use real files and symlinks.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { noJobContext } from '../../shared/handlers';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { tempDir } from '../helpers/tmp';
import { trustCase, type TrustCase } from './trustCase';

let c: TrustCase | null = null;
afterEach(() => {
  c?.service.close();
  c = null;
});

const exportTo = (file: string, format: 'ndjson' | 'sealed') =>
  c!.service.invoke('export.run', { filter: {}, format, path: file }, noJobContext());

describe('hole 8: export files', () => {
  it('a symlink planted at the old predictable temporary name redirects nothing', async () => {
    c = await trustCase(4);
    const shared = path.join(c.dir, 'shared');
    fs.mkdirSync(shared);
    const victim = path.join(c.dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const out = path.join(shared, 'events.ndjson');
    fs.symlinkSync(victim, `${out}.partial`);
    await exportTo(out, 'ndjson');
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.readFileSync(out, 'utf8').split('\n')).toHaveLength(5);
    // Only the export, its manifest and the planted link: no temporary file is left behind.
    expect(fs.readdirSync(shared).sort()).toEqual([
      'events.ndjson',
      'events.ndjson.manifest.json',
      'events.ndjson.partial',
    ]);
  });

  it.each(['.key', '.checkpoint', '.manifest.json'])(
    'a sealed export never overwrites an existing FILE%s, and does not echo it',
    async (suffix) => {
      c = await trustCase(3);
      const out = path.join(c.dir, 'case.sealed');
      const existing = `${out}${suffix}`;
      fs.writeFileSync(existing, 'SECRET-MATERIAL-42');
      let message = '';
      await exportTo(out, 'sealed').catch((err: Error) => (message = err.message));
      expect(message).toMatch(
        new RegExp(
          `${path.basename(existing).replace(/\./g, '\\.')} already exists; a sealed export does not overwrite it`,
        ),
      );
      expect(message).not.toContain('SECRET-MATERIAL-42');
      expect(fs.readFileSync(existing, 'utf8')).toBe('SECRET-MATERIAL-42');
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(c.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    },
  );

  it("a sealed import's refusal never echoes the key or checkpoint file", async () => {
    c = await trustCase(3);
    const out = path.join(c.dir, 'case.sealed');
    await exportTo(out, 'sealed');
    const dir = tempDir();
    const db = openStore(path.join(dir, 'case.sqlite'));
    const signer = createSigner(loadOrCreateSigningKey(path.join(dir, 'home')));
    try {
      const note = fs.readFileSync(`${out}.checkpoint`, 'utf8').split('\n');
      fs.writeFileSync(`${out}.checkpoint`, [note[0], 'TOPSECRET-in-size-line', ...note.slice(2)].join('\n'));
      const badNote = await importFile(db, out, { signer });
      expect(badNote.rejected?.message).toMatch(/\.checkpoint file is not a signed checkpoint/);
      expect(badNote.rejected?.message).not.toContain('TOPSECRET');

      fs.writeFileSync(`${out}.key`, 'name+0badc0de+TOPSECRET-private-looking-text\n');
      const badKey = await importFile(db, out, { signer });
      expect(badKey.rejected?.message).toMatch(/\.key file is not a verifier key/);
      expect(badKey.rejected?.message).not.toContain('TOPSECRET');
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
