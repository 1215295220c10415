// A case's rule folder is read only once this installation confirmed it for that case. The
// confirmation was keyed by the case's origin alone, which is written in the case file (and printed
// in reports and checkpoint notes): a crafted case that copied the origin of a case the user had
// confirmed a folder for, and named that folder, had it read without any confirmation. It is now
// bound to the case file's real path too, which a file handed over cannot choose.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_RULE_FOLDERS_META } from '../../electron/detect/ruleFolders';
import { createService } from '../../electron/service/service';
import { getMeta, openStore } from '../../electron/store/db';
import { parseArgs, type ChannelArgs, type ServiceChannel } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';
import { records } from './helpers';

const EVENTS = records([
  { t: '09:00:00', actor: 'alice@example.com', action: 'SIGNING_REQUESTED', entity: 'SigningRequest/req-1' },
]);
const RULE =
  'title: Alice\nid: case-alice\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: alice@example.com\n  condition: s\nlevel: low\n';

function serviceOf(storePath: string, home: string) {
  const service = createService({ storePath, home, detect: { builtin: false } });
  const call = <C extends ServiceChannel>(channel: C, args: ChannelArgs<C>) =>
    service.invoke(channel, parseArgs(channel, args), noJobContext());
  return { service, call };
}

describe('a crafted case copying the origin of a case whose folder was confirmed', () => {
  it('does not get that folder read; the genuine case still does', async () => {
    const home = tempDir('signtrail-home-');
    const dir = fs.realpathSync(tempDir('signtrail-rules-'));
    fs.writeFileSync(path.join(dir, 'alice.yml'), RULE);

    // The investigator's own case, with its folder added (and so confirmed) here.
    const genuine = path.join(tempDir(), 'genuine.sqlite');
    storeWith(EVENTS, genuine).close();
    const mine = serviceOf(genuine, home);
    let origin: string;
    try {
      await mine.call('detect.addFolder', { folder: dir, scope: 'case' });
      expect((await mine.call('detect.run', {})).hits.map((h) => h.rule.id)).toEqual(['case-alice']);
    } finally {
      mine.service.close();
    }
    const db = openStore(genuine, { readonly: true });
    try {
      origin = getMeta(db, 'origin') ?? '';
    } finally {
      db.close();
    }
    expect(origin).not.toBe('');

    // The attacker's case: same origin, the same folder named, written straight into meta.
    const crafted = path.join(tempDir(), 'handed-over.sqlite');
    storeWith(EVENTS, crafted).close();
    const raw = new Database(crafted);
    raw.prepare("UPDATE meta SET value = ? WHERE key = 'origin'").run(origin);
    raw
      .prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
      .run(CASE_RULE_FOLDERS_META, JSON.stringify([dir]));
    raw.close();

    const theirs = serviceOf(crafted, home);
    try {
      const listed = await theirs.call('detect.folders', {});
      expect(listed.folders).toHaveLength(1);
      expect(listed.folders[0]).toMatchObject({ folder: dir, scope: 'case', confirmed: false });
      const run = await theirs.call('detect.run', {});
      expect(run.rules).toEqual([]);
      expect(run.hits).toEqual([]);
      expect(run.foldersNotLoaded.map((f) => f.folder)).toEqual([dir]);
    } finally {
      theirs.service.close();
    }

    // The genuine case, reopened where it is, still reads its folder.
    const again = serviceOf(genuine, home);
    try {
      expect((await again.call('detect.folders', {})).folders[0].confirmed).toBe(true);
    } finally {
      again.service.close();
    }
  });
});
