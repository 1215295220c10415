// SQLite reads the file it opened through its descriptor, whatever is at the path later. Another
// file renamed over the open case's path (here: a copy with the weak 1024-bit key made 4096-bit)
// went unseen: the report verified the file it had open, said "Verification passed" and named the
// path, which held a file no verification had read (a new process's verify finds it changed).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
import { closeKnownCase, openKnownCase } from './knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  ({ dir, storePath, service } = await openKnownCase('signtrail-replaced-'));
});

afterAll(() => closeKnownCase(service, dir));

const report = (out: string) =>
  service.invoke(
    'report.run',
    parseArgs('report.run', { framework: 'pci-dss-4', format: 'html', path: out }),
    noJobContext(),
  );

describe('a report on an open case whose file was replaced by rename', () => {
  it('refuses, naming the file, instead of vouching for a file it did not read', async () => {
    const first = path.join(dir, 'first.html');
    await report(first);
    expect(fs.readFileSync(first, 'utf8')).toContain('Verification passed');

    // Everything into the main file, then a changed copy renamed over it.
    const other = new Database(storePath);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    const copy = path.join(dir, 'copy.sqlite');
    const bytes = fs.readFileSync(storePath);
    const from = Buffer.from('"keySize":1024');
    let count = 0;
    for (let i = bytes.indexOf(from); i >= 0; i = bytes.indexOf(from, i + 1), count++) bytes.write('"keySize":4096', i);
    expect(count).toBeGreaterThan(0);
    fs.writeFileSync(copy, bytes);
    fs.renameSync(copy, storePath);

    const second = path.join(dir, 'second.html');
    await expect(report(second)).rejects.toThrow(`The case file ${storePath} is no longer the file SignTrail opened`);
    expect(fs.existsSync(second)).toBe(false);
    await expect(service.invoke('verify.run', parseArgs('verify.run', {}), noJobContext())).rejects.toThrow(
      'is no longer the file SignTrail opened',
    );
  });
});
