// Remembered rule folders on real folders and real store files, through the one service: this
// installation's folders, a case's folders (confirmed per installation), and the attacks — a case
// file naming a folder, a confirmed folder whose link is swapped, a rule file linking out of its
// folder, a case file's list that is not what SignTrail writes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_RULE_FOLDERS_META, homeRuleFolders, MAX_RULE_FOLDERS } from '../../electron/detect/ruleFolders';
import { createService } from '../../electron/service/service';
import { openStore, setMeta } from '../../electron/store/db';
import { parseArgs, type ChannelArgs, type ServiceChannel } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';
import { records } from './helpers';

const EVENTS = records([
  { t: '09:00:00', actor: 'mallory@example.com', action: 'SIGNING_REQUESTED', entity: 'SigningRequest/req-1' },
  { t: '09:01:00', actor: 'alice@example.com', action: 'SIGNING_REQUESTED', entity: 'SigningRequest/req-2' },
]);

const rule = (id: string, actor: string) =>
  `title: Rule ${id}\nid: ${id}\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: ${actor}\n  condition: s\nlevel: low\n`;

function folderWith(files: Record<string, string>): string {
  const dir = tempDir('signtrail-rules-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return fs.realpathSync(dir);
}

function caseFile(): string {
  const file = path.join(tempDir(), 'case.sqlite');
  storeWith(EVENTS, file).close();
  return file;
}

function serviceOf(storePath: string, home: string) {
  const service = createService({ storePath, home, detect: { builtin: false } });
  const call = <C extends ServiceChannel>(channel: C, args: ChannelArgs<C>) =>
    service.invoke(channel, parseArgs(channel, args), noJobContext());
  return { service, call };
}

describe('rule folders of this installation', () => {
  it('are read by every run over any case; a bad rule is reported with file and line and the others run', async () => {
    const home = tempDir('signtrail-home-');
    const dir = folderWith({
      'mallory.yml': rule('mine-mallory', 'mallory@example.com'),
      'bad.yml':
        'title: Bad\nid: bad\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.nope: x\n  condition: s\n',
    });
    homeRuleFolders(home).addInstallationFolder(dir);
    for (const storePath of [caseFile(), caseFile()]) {
      const { service, call } = serviceOf(storePath, home);
      try {
        const list = await call('detect.folders', {});
        expect(list.folders).toEqual([{ folder: dir, scope: 'installation', confirmed: true, note: null }]);
        const report = await call('detect.run', {});
        expect(report.hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)])).toEqual([['mine-mallory', [1]]]);
        expect(report.errors).toHaveLength(1);
        expect(report.errors[0].file).toBe(path.join(dir, 'bad.yml'));
        expect(report.errors[0].line).toBe(7);
        expect(report.errors[0].problem).toContain('actor.nope');
      } finally {
        service.close();
      }
    }
    // Removed: the next run reads only the pack (here: nothing).
    const { service, call } = serviceOf(caseFile(), home);
    try {
      expect((await call('detect.removeFolder', { folder: dir, scope: 'installation' })).removed).toBe(true);
      expect((await call('detect.run', {})).rules).toEqual([]);
    } finally {
      service.close();
    }
  });

  it('refuses a folder that is relative, not normalised, missing or a file', async () => {
    const home = tempDir('signtrail-home-');
    const { service, call } = serviceOf(caseFile(), home);
    const dir = folderWith({ 'a.yml': rule('a', 'x') });
    try {
      await expect(call('detect.addFolder', { folder: 'rules', scope: 'installation' })).rejects.toThrow(
        'not an absolute, normalised path',
      );
      await expect(call('detect.addFolder', { folder: `${dir}/../x`, scope: 'case' })).rejects.toThrow(
        'not an absolute, normalised path',
      );
      await expect(call('detect.addFolder', { folder: path.join(dir, 'none'), scope: 'case' })).rejects.toThrow(
        'ENOENT',
      );
      await expect(call('detect.addFolder', { folder: path.join(dir, 'a.yml'), scope: 'case' })).rejects.toThrow(
        'not a folder',
      );
      expect((await call('detect.folders', {})).folders).toEqual([]);
    } finally {
      service.close();
    }
  });
});

describe('rule folders of a case', () => {
  it('are kept in the case file: read where they were added, not read elsewhere until confirmed there', async () => {
    const storePath = caseFile();
    const dir = folderWith({ 'alice.yml': rule('case-alice', 'alice@example.com') });
    const mine = tempDir('signtrail-home-');
    const first = serviceOf(storePath, mine);
    try {
      const added = await first.call('detect.addFolder', { folder: dir, scope: 'case' });
      expect(added.folders).toEqual([{ folder: dir, scope: 'case', confirmed: true, note: null }]);
      const report = await first.call('detect.run', {});
      expect(report.hits.map((h) => h.rule.id)).toEqual(['case-alice']);
    } finally {
      first.service.close();
    }
    // The case is handed to someone else: their SignTrail shows the folder and does not read it.
    const theirs = tempDir('signtrail-home-');
    const second = serviceOf(storePath, theirs);
    try {
      const listed = await second.call('detect.folders', {});
      expect(listed.folders).toHaveLength(1);
      expect(listed.folders[0]).toMatchObject({ folder: dir, scope: 'case', confirmed: false });
      expect(listed.folders[0].note).toContain('never confirmed it');
      const before = await second.call('detect.run', {});
      expect(before.rules).toEqual([]);
      expect(before.hits).toEqual([]);
      expect(before.foldersNotLoaded.map((f) => f.folder)).toEqual([dir]);
      const confirmed = await second.call('detect.confirmFolder', { folder: dir });
      expect(confirmed.folders[0].confirmed).toBe(true);
      // The incremental run after confirming covers the whole case with the new rules.
      const after = await second.call('detect.run', { incremental: true });
      expect(after.incremental).toBe(false);
      expect(after.hits.map((h) => h.rule.id)).toEqual(['case-alice']);
      // Removing it from the case forgets the confirmation too.
      expect((await second.call('detect.removeFolder', { folder: dir, scope: 'case' })).removed).toBe(true);
      expect((await second.call('detect.folders', {})).folders).toEqual([]);
      expect(JSON.parse(fs.readFileSync(path.join(theirs, 'detection-rule-folders.json'), 'utf8')).confirmed).toEqual(
        [],
      );
    } finally {
      second.service.close();
    }
  });

  it('attack: a case file that names a folder loads nothing from it until the user confirms', async () => {
    const storePath = caseFile();
    // Were any file of this folder read, the run would report it (a refused rule) or run it.
    const planted = folderWith({
      'all.yml': rule('planted', 'mallory@example.com'),
      'broken.yml': 'title: [unclosed\n',
    });
    const db = openStore(storePath);
    setMeta(db, CASE_RULE_FOLDERS_META, JSON.stringify([planted]));
    db.close();
    const home = tempDir('signtrail-home-');
    const { service, call } = serviceOf(storePath, home);
    try {
      const report = await call('detect.run', {});
      expect(report.rules).toEqual([]);
      expect(report.errors).toEqual([]);
      expect(report.hits).toEqual([]);
      expect(report.foldersNotLoaded).toEqual([{ folder: planted, note: expect.stringContaining('never confirmed') }]);
      // Confirming is a separate, explicit step: only a folder the case names, exactly as it names it.
      const other = folderWith({ 'x.yml': rule('x', 'x') });
      await expect(call('detect.confirmFolder', { folder: other })).rejects.toThrow('names no rule folder');
      await call('detect.confirmFolder', { folder: planted });
      const after = await call('detect.run', {});
      expect(after.hits.map((h) => h.rule.id)).toEqual(['planted']);
      expect(after.errors.map((e) => path.basename(e.file))).toEqual(['broken.yml']);
    } finally {
      service.close();
    }
  });

  it('attack: a confirmed folder whose link is pointed elsewhere is not read until confirmed again', async () => {
    const storePath = caseFile();
    const good = folderWith({ 'a.yml': rule('good', 'alice@example.com') });
    const evil = folderWith({ 'b.yml': rule('evil', 'mallory@example.com') });
    const link = path.join(tempDir(), 'rules');
    fs.symlinkSync(good, link);
    const home = tempDir('signtrail-home-');
    const { service, call } = serviceOf(storePath, home);
    try {
      await call('detect.addFolder', { folder: link, scope: 'case' });
      expect((await call('detect.run', {})).hits.map((h) => h.rule.id)).toEqual(['good']);
      fs.unlinkSync(link);
      fs.symlinkSync(evil, link);
      const report = await call('detect.run', {});
      expect(report.rules).toEqual([]);
      expect(report.foldersNotLoaded[0].note).toContain(`now leads to ${evil}, not to ${good}`);
      expect((await call('detect.folders', {})).folders[0].confirmed).toBe(false);
    } finally {
      service.close();
    }
  });

  it('attack: a rule file that links out of its folder is not read; the folder’s other rules run', async () => {
    const outside = folderWith({ 'secret.yml': rule('outside', 'mallory@example.com') });
    const dir = folderWith({ 'inside.yml': rule('inside', 'alice@example.com') });
    fs.symlinkSync(path.join(outside, 'secret.yml'), path.join(dir, 'link.yml'));
    const home = tempDir('signtrail-home-');
    homeRuleFolders(home).addInstallationFolder(dir);
    const { service, call } = serviceOf(caseFile(), home);
    try {
      const report = await call('detect.run', {});
      expect(report.hits.map((h) => h.rule.id)).toEqual(['inside']);
      expect(report.errors).toEqual([
        {
          file: path.join(dir, 'link.yml'),
          line: 1,
          problem: `a link to ${path.join(outside, 'secret.yml')}, outside the rule folder; it is not read`,
        },
      ]);
    } finally {
      service.close();
    }
  });

  it('attack: a case file’s list that SignTrail did not write is shown as problems and nothing of it is read', async () => {
    const dir = folderWith({ 'a.yml': rule('a', 'alice@example.com') });
    const cases: [string, string[]][] = [
      ['{not json', ['is not JSON']],
      ['{"folders": []}', ['is not a list']],
      [
        JSON.stringify(['rules', `${dir}/../x`, 42, dir]),
        ['entry 1: "rules" is not an absolute', 'entry 2:', 'entry 3: not a path'],
      ],
      [JSON.stringify(Array.from({ length: MAX_RULE_FOLDERS + 5 }, (_, i) => `/r/${i}`)), ['names 69 folders']],
    ];
    for (const [value, problems] of cases) {
      const storePath = caseFile();
      const db = openStore(storePath);
      setMeta(db, CASE_RULE_FOLDERS_META, value);
      db.close();
      const { service, call } = serviceOf(storePath, tempDir('signtrail-home-'));
      try {
        const list = await call('detect.folders', {});
        for (const [i, p] of problems.entries()) expect(list.problems[i]).toContain(p);
        expect(list.folders.every((f) => !f.confirmed)).toBe(true);
        expect((await call('detect.run', {})).rules).toEqual([]);
      } finally {
        service.close();
      }
    }
  });
});
