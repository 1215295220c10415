// A case file's list of rule folders is read on every listing and every detection run. A crafted
// case put 150 MB there: each run parsed all of it (1.2 s of CPU, +380 MB) to keep 64 entries. The
// list's size is now read from the record first, and a list over 1 MiB is not read at all.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CASE_RULE_FOLDERS_META,
  caseRuleFolders,
  MAX_CASE_RULE_FOLDERS_BYTES,
} from '../../electron/detect/ruleFolders';
import { openStore } from '../../electron/store/db';
import { tempDir } from '../helpers/tmp';

function caseWithList(value: string): string {
  const file = path.join(tempDir(), 'case.sqlite');
  openStore(file).close();
  const raw = new Database(file);
  raw.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(CASE_RULE_FOLDERS_META, value);
  raw.close();
  return file;
}

describe("a case file's oversized list of rule folders", () => {
  it('is refused by its size, without being read, and names its size', () => {
    const entry = JSON.stringify('/rules/' + 'x'.repeat(100));
    const value =
      '[' +
      Array(Math.ceil((MAX_CASE_RULE_FOLDERS_BYTES * 8) / entry.length))
        .fill(entry)
        .join(',') +
      ']';
    const db = openStore(caseWithList(value), { readonly: true });
    try {
      const started = process.cpuUsage();
      const named = caseRuleFolders(db);
      const cpu = process.cpuUsage(started);
      expect(named.folders).toEqual([]);
      expect(named.problems).toEqual([
        `the case's list of rule folders (meta ${CASE_RULE_FOLDERS_META}) is ${Buffer.byteLength(value)} bytes, more than ${MAX_CASE_RULE_FOLDERS_BYTES}; it is not read, and no folder of it is shown or loaded`,
      ]);
      // Not parsed: far under what parsing 8 MiB of JSON costs.
      expect(cpu.user + cpu.system).toBeLessThan(50_000);
    } finally {
      db.close();
    }
  });

  it('a list just under the limit is still read (its first 64 entries)', () => {
    const entry = JSON.stringify('/rules/a');
    const count = Math.floor((MAX_CASE_RULE_FOLDERS_BYTES - 2) / (entry.length + 1));
    const db = openStore(caseWithList('[' + Array(count).fill(entry).join(',') + ']'), { readonly: true });
    try {
      const named = caseRuleFolders(db);
      expect(named.folders).toEqual(['/rules/a']);
      expect(named.problems).toHaveLength(1);
      expect(named.problems[0]).toContain(`names ${count} folders; only the first 64 are shown`);
    } finally {
      db.close();
    }
  });
});
