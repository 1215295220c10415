// Issue 9 (8): a sealed export's companions (FILE.checkpoint, FILE.key, FILE.manifest.json) are
// covered by the desktop's path grants. A grant for FILE covers exactly those and nothing else,
// and a request that names a companion path, of a file granted or not, is refused before the
// service sees it. On a real store, through the real service and the desktop's guard.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesktopHandlers, type NativeDialogs } from '../../electron/desktop/handlers';
import type { CaseSession } from '../../electron/desktop/caseSession';
import { createDesktopGuard, createPathGrants } from '../../electron/desktop/pathGrants';
import { dispatch } from '../../electron/service/dispatch';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { createService } from '../../electron/service/service';
import { companionFiles, companionOwner } from '../../shared/companionFiles';
import { canonicalizeRecord } from '../../shared/canonical';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

async function desktopOnRealStore() {
  const dir = tempDir();
  const home = path.join(dir, 'home');
  const source = path.join(dir, 'source.ndjson');
  fs.writeFileSync(
    source,
    [1, 2, 3].map((m) => canonicalizeRecord(record({ id: `e${m}`, minute: m }))).join('\n') + '\n',
  );
  const service = createService({ storePath: path.join(dir, 'case.sqlite'), home });
  let nextSave: string | null = null;
  let nextOpen: string[] = [];
  const dialogs: NativeDialogs = {
    openFiles: async () => nextOpen,
    save: async () => nextSave,
    confirm: async () => false,
  };
  const grants = createPathGrants(() => []);
  const cases = { service: () => service, recent: () => [] } as unknown as CaseSession;
  const deps = {
    service: () => service,
    jobs: createJobRegistry(),
    host: 'desktop' as const,
    shell: createDesktopHandlers(dialogs, cases, grants),
    guard: createDesktopGuard(grants, dialogs.confirm),
  };
  const call = (channel: string, args: unknown) => dispatch(channel, args, deps);
  nextOpen = [source];
  await call('app.openFilesDialog', { purpose: 'import' });
  await call('import.files', { paths: [source] });
  await call('checkpoint.latest', {});
  return {
    dir,
    grants,
    call,
    close: () => service.close(),
    saveAs: async (file: string) => {
      nextSave = file;
      await call('app.saveDialog', { defaultName: path.basename(file) });
    },
  };
}

describe("a sealed export's companions and the desktop's path grants", () => {
  it('derive each companion from exactly one file, and no other name from any', () => {
    const file = path.resolve('/exports/march.sealed');
    const c = companionFiles(file);
    expect(c).toEqual({ manifest: `${file}.manifest.json`, checkpoint: `${file}.checkpoint`, key: `${file}.key` });
    for (const companion of Object.values(c)) expect(companionOwner(companion)).toBe(file);
    for (const other of [
      file,
      `${file}.keys`,
      `${file}.key.bak`,
      `${file}key`,
      `${file}.manifest`,
      '.key',
      '/x/.key',
    ]) {
      expect(companionOwner(other), other).not.toBe(file);
    }
    expect(companionOwner('.key')).toBeNull();
  });

  it('a grant for FILE covers exactly its companions, for the same use, and nothing else', () => {
    const grants = createPathGrants(() => []);
    const file = path.resolve('/exports/march.sealed');
    grants.grant([file], ['export']);
    for (const companion of Object.values(companionFiles(file))) {
      expect(grants.isGranted(companion, 'export'), companion).toBe(true);
      // Not for another use: a companion of an export is not thereby a case to open or a file to import.
      expect(grants.isGranted(companion, 'import'), companion).toBe(false);
      expect(grants.isGranted(companion, 'case'), companion).toBe(false);
    }
    for (const other of [
      `${file}.key.checkpoint`, // a companion of a companion
      `${file}.checkpoint.manifest.json`,
      `${file}.keys`,
      `${file}.key~`,
      `${file}.pub`,
      path.resolve('/exports/march.sealed2.key'),
      path.resolve('/exports/march.key'), // the same stem, another file
      path.resolve('/exports/other.sealed.key'),
      path.resolve('/exports/.key'),
      path.dirname(file),
      path.resolve('/etc/passwd'),
    ]) {
      expect(grants.isGranted(other, 'export'), other).toBe(false);
    }
    // A file granted for import covers what a sealed import reads beside it, and only for import.
    const dropped = path.resolve('/downloads/colleague.sealed');
    grants.grant([dropped], ['import']);
    expect(grants.isGranted(`${dropped}.checkpoint`, 'import')).toBe(true);
    expect(grants.isGranted(`${dropped}.key`, 'import')).toBe(true);
    expect(grants.isGranted(`${dropped}.key`, 'export')).toBe(false);
  });

  it('a real sealed export writes FILE and its companions, all covered by the one choice', async () => {
    const d = await desktopOnRealStore();
    try {
      const file = path.join(d.dir, 'out', 'march.sealed');
      fs.mkdirSync(path.dirname(file));
      await d.saveAs(file);
      await d.call('export.run', { format: 'sealed', path: file });
      const written = fs.readdirSync(path.dirname(file)).map((n) => path.join(path.dirname(file), n));
      expect(written.sort()).toEqual([file, ...Object.values(companionFiles(file))].sort());
      for (const f of written) expect(d.grants.isGranted(f, 'export'), f).toBe(true);
    } finally {
      d.close();
    }
  });

  it('refuses a request that names a companion path, of a file granted or never granted, writing nothing', async () => {
    const d = await desktopOnRealStore();
    try {
      const out = path.join(d.dir, 'out');
      fs.mkdirSync(out);
      const chosen = path.join(out, 'march.sealed');
      await d.saveAs(chosen);
      // Someone else's sealed export lies beside it: page script names its key and checkpoint.
      const theirs = path.join(out, 'colleague.sealed');
      fs.writeFileSync(`${theirs}.key`, 'colleague+00000000+AAAA\n');
      fs.writeFileSync(`${theirs}.checkpoint`, 'their checkpoint\n');
      const before = new Map(fs.readdirSync(out).map((n) => [n, fs.readFileSync(path.join(out, n), 'utf8')]));
      const attempts: [string, unknown][] = [
        ['export.run', { format: 'sealed', path: `${theirs}.key` }],
        ['export.run', { format: 'csv', path: `${theirs}.checkpoint` }],
        ['export.run', { format: 'ndjson', path: `${theirs}.manifest.json` }],
        // Companions of the chosen file: covered as companions, never chosen as files to write.
        ['export.run', { format: 'csv', path: `${chosen}.key` }],
        ['export.run', { format: 'sealed', path: `${chosen}.checkpoint` }],
        ['report.run', { framework: 'pci-dss-4', format: 'html', path: `${chosen}.manifest.json` }],
        ['import.files', { paths: [`${theirs}.checkpoint`] }],
        ['case.open', { path: `${chosen}.key` }],
      ];
      for (const [channel, args] of attempts) {
        await expect(d.call(channel, args), `${channel} ${JSON.stringify(args)}`).rejects.toMatchObject({
          name: 'UngrantedPathError',
        });
      }
      const after = new Map(fs.readdirSync(out).map((n) => [n, fs.readFileSync(path.join(out, n), 'utf8')]));
      expect(after).toEqual(before);
      // The chosen file itself is exported, with its companions.
      await d.call('export.run', { format: 'sealed', path: chosen });
      expect(fs.existsSync(`${chosen}.key`)).toBe(true);
      expect(fs.readFileSync(`${theirs}.key`, 'utf8')).toBe('colleague+00000000+AAAA\n');
    } finally {
      d.close();
    }
  });
});
