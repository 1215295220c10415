import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlatformCsv } from '../../bench/platformCsv';
import { generateDemoEvents } from '../../electron/demo/generate';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { createSigner, latestCheckpoint } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { tempDir } from '../helpers/tmp';

function killMidImport(store: string, file: string, home: string): Promise<{ killedAfter: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '../helpers/importChild.ts'), store, file, home],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let killedAfter = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const received = Math.max(0, ...[...output.matchAll(/progress (\d+)\n/g)].map((m) => Number(m[1])));
      if (received >= 10_000 && !killedAfter) {
        killedAfter = received;
        child.kill('SIGKILL');
      }
      if (output.includes('done')) reject(new Error('the import finished before it could be killed'));
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve({ killedAfter }) : reject(new Error(`child exited: ${output}`)),
    );
  });
}

describe('a crash mid-import', () => {
  it('leaves the store exactly as it was before the import', async () => {
    const dir = tempDir();
    const home = path.join(dir, 'home');
    const store = path.join(dir, 'case.sqlite');
    const first = path.join(dir, 'first.csv');
    const big = path.join(dir, 'big.csv');
    await writePlatformCsv(first, generateDemoEvents({ count: 500, seed: 1 }));
    await writePlatformCsv(big, generateDemoEvents({ count: 60_000, seed: 2 }));
    const signer = createSigner(loadOrCreateSigningKey(home));

    const db = openStore(store);
    await importFile(db, first, { signer });
    const before = {
      events: db.prepare('SELECT count(*) FROM events').pluck().get(),
      imports: db.prepare('SELECT count(*) FROM imports').pluck().get(),
      checkpoint: latestCheckpoint(db),
      indexes: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all(),
    };
    db.close();

    const { killedAfter } = await killMidImport(store, big, home);
    expect(killedAfter).toBeGreaterThan(0);

    const after = openStore(store);
    expect(after.prepare('SELECT count(*) FROM events').pluck().get()).toBe(before.events);
    expect(after.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(before.imports);
    expect(latestCheckpoint(after)).toEqual(before.checkpoint);
    // The big file is a bulk import, which drops the filter indexes inside its transaction.
    expect(after.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all()).toEqual(
      before.indexes,
    );
    const report = await verifyStore(after, {
      ownVerifierKey: signer.verifierKey,
      trustedKeys: [],
      outsideCheckpoints: [],
    });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);

    // The same file imports whole afterwards.
    const summary = await importFile(after, big, { signer });
    expect(summary.rejected).toBeNull();
    expect(summary.conflicts).toEqual([]);
    expect(summary.appended + summary.duplicates).toBe(60_000);
    expect(after.prepare('SELECT count(*) FROM events').pluck().get()).toBe(
      (before.events as number) + summary.appended,
    );
    after.close();
  });
});
