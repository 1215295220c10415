// Issue 9, "Done when": nothing is lost from a store that was attacked and then repaired by
// re-importing. A real case is sealed and exported; the store file is then attacked three ways
// (history rewritten with its seals erased, cut back, SQL planted in its schema). Every import
// into the attacked file is refused and leaves it byte for byte as it was; re-importing the
// original sources, or the sealed export taken before the attack, into a new case gives back
// every event: the same canonical bytes in the same order, the same leaf hashes, verified intact.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService } from '../../electron/service/service';
import { openStore } from '../../electron/store/db';
import { noJobContext } from '../../shared/handlers';
import { record } from '../helpers/records';
import { asAttacker, attacker, eraseSeals, importText, ndjson, snapshot, trustCase, verify } from './trustCase';

function events(storePath: string): { canon: string; leaf: string }[] {
  const db = openStore(storePath, { readonly: true });
  try {
    return (db.prepare('SELECT canon, leaf FROM events ORDER BY seq').all() as { canon: Buffer; leaf: Buffer }[]).map(
      (r) => ({ canon: r.canon.toString('utf8'), leaf: r.leaf.toString('hex') }),
    );
  } finally {
    db.close();
  }
}

const ATTACKS: [string, (storePath: string) => void][] = [
  [
    'history rewritten, seals erased',
    (storePath) => {
      asAttacker(storePath, (raw) => {
        const canon = raw.prepare('SELECT canon FROM events WHERE seq = 3').pluck().get() as Buffer;
        raw
          .prepare("UPDATE events SET canon = ?, status = 'DENIED' WHERE seq = 3")
          .run(Buffer.from(canon.toString('utf8').replace('SUCCESS', 'DENIED')));
        eraseSeals(raw);
      });
    },
  ],
  [
    'cut back to fewer events',
    (storePath) => {
      asAttacker(storePath, (raw) => {
        raw.exec("DELETE FROM events WHERE seq > 7; INSERT INTO events_fts (events_fts) VALUES ('rebuild')");
        eraseSeals(raw);
      });
    },
  ],
  [
    'SQL planted in an index definition',
    (storePath) => {
      const raw = attacker(storePath);
      raw.pragma('writable_schema = ON');
      raw
        .prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'events_ts'")
        .run('CREATE INDEX events_ts ON events (ts); DELETE FROM events');
      raw.close();
    },
  ],
];

describe('a store attacked, then repaired by re-importing', () => {
  it.each(ATTACKS)(
    '%s: the attacked file takes nothing, a new case from the sources or the sealed export has every event',
    async (_, attack) => {
      const records = Array.from({ length: 12 }, (_, i) => record({ minute: i, status: 'SUCCESS' }));
      const c = await trustCase(0, records);
      const source = path.join(c.dir, 'first.ndjson');
      const original = events(c.storePath);
      expect(original).toHaveLength(12);
      const sealed = path.join(c.dir, 'before.sealed');
      await c.service.invoke('export.run', { filter: {}, format: 'sealed', path: sealed }, noJobContext());
      c.service.close();

      attack(c.storePath);
      c.service = createService({ storePath: c.storePath, home: c.home });
      expect((await verify(c)).verdict).not.toBe('intact');
      // (verify records its broken verdict in the case journal where the file can be written.)
      c.service.close();
      const attacked = snapshot(c.storePath);
      c.service = createService({ storePath: c.storePath, home: c.home });
      // Re-importing into the attacked file is refused and writes nothing, not even the new events.
      await expect(importText(c, 'again.ndjson', fs.readFileSync(source, 'utf8'))).rejects.toThrow();
      await expect(importText(c, 'more.ndjson', ndjson([record({ minute: 99 })]))).rejects.toThrow();
      c.service.close();
      expect(snapshot(c.storePath).equals(attacked)).toBe(true);

      // Repaired: a new case from the original sources, and one from the sealed export taken before.
      for (const [name, file] of [
        ['sources', source],
        ['sealed export', sealed],
      ] as const) {
        const repaired = path.join(c.dir, `repaired-${name.replace(' ', '-')}.sqlite`);
        const service = createService({ storePath: repaired, home: c.home });
        try {
          const [summary] = await service.invoke('import.files', { paths: [file] }, noJobContext());
          expect(summary.rejected, name).toBeNull();
          expect(summary.appended, name).toBe(12);
          // Importing the same again loses nothing and adds nothing.
          const [again] = await service.invoke('import.files', { paths: [source] }, noJobContext());
          expect(again.appended, name).toBe(0);
          const report = await service.invoke(
            'verify.run',
            { trustedKeys: [], checkpoints: [], roots: [] },
            noJobContext(),
          );
          expect(report.verdict, name).toBe('intact');
        } finally {
          service.close();
        }
        expect(events(repaired), name).toEqual(original);
      }
    },
    120_000,
  );
});
