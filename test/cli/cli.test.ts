import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { COMMANDS } from '../../electron/cli/commands';
import { tempDir } from '../helpers/tmp';

const CSV = `Timestamp,Actor,Action,Entity,Status,Details
2026-03-02T09:00:00Z,alice@example.com,KEY_GENERATED,Key:key-42,Success,"{""algorithm"":""RSA-3072""}"
2026-03-02T09:05:00Z,svc-ci-build,SIGNING_OPERATION,Key:key-42,Denied,requestId=req-7f3a; artifact=release/app.msi
2026-03-02T09:06:00Z,bob@example.com,SIGNING_OPERATION,Key:key-42,Success,requestId=req-8000
`;

let dir: string;
let store: string;
let csv: string;

beforeEach(() => {
  dir = tempDir();
  process.env.SIGNTRAIL_HOME = path.join(dir, 'home');
  store = path.join(dir, 'case.sqlite');
  csv = path.join(dir, 'events.csv');
  fs.writeFileSync(csv, CSV);
});

describe('signtrail', () => {
  it('prints --help for every command and exits 0', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const run = await cli(name, '--help');
      expect(run.code, name).toBe(0);
      expect(run.out, name).toMatch(/^Usage: signtrail /);
    }
  });

  it('exits 2 on an unknown command or flag, and names it', async () => {
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown command "frobnicate"/),
    });
    expect(await cli('query', '--store', store, '--colour')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--colour/),
    });
    expect(await cli('query')).toMatchObject({ code: 2, err: expect.stringMatching(/--store FILE is required/) });
  });

  it('imports, then queries with filters, as text and as JSON', async () => {
    const imported = await cli('import', '--store', store, csv, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)[0]).toMatchObject({ received: 3, appended: 3, duplicates: 0, rejected: null });

    const denied = await cli('query', '--store', store, '--status', 'denied', '--json');
    expect(JSON.parse(denied.out).rows.map((r: { requestId: string }) => r.requestId)).toEqual(['req-7f3a']);

    const keyword = await cli('query', '--store', store, '--q', 'req-8000');
    expect(keyword.out).toMatch(/bob@example.com/);
    expect(keyword.out).toMatch(/1 of 1 events/);
  });

  it('re-importing a file adds nothing and says so', async () => {
    await cli('import', '--store', store, csv);
    const again = await cli('import', '--store', store, csv);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/3 read, 0 imported, 3 duplicates, 0 conflicts/);
  });

  it('exits 1 and stores nothing when a file is rejected', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, CSV + '2026-03-02T09:07:00Z,eve,SIGNING_OPERATION,Key:key-42,Maybe,\n');
    const run = await cli('import', '--store', store, bad);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/bad\.csv line 5, field "Status"/);
    expect(run.err).toMatch(/Nothing from this file was stored/);
    expect((await cli('query', '--store', store, '--json')).out).toMatch(/"total": 0/);
  });

  it('verifies an intact store with exit 0, and a query that cannot be parsed exits 2', async () => {
    await cli('import', '--store', store, csv);
    const verified = await cli('verify', '--store', store);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/INTACT: 3 events checked/);
    const bad = await cli('query', '--store', store, '--q', 'NOT');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Search/);
  });

  it('verifies against a size and root kept elsewhere, and exits 1 when they do not match', async () => {
    await cli('import', '--store', store, csv);
    const root = (await cli('checkpoint', '--store', store)).out.split('\n')[2];
    expect(await cli('verify', '--store', store, '--root', `3:${root}`)).toMatchObject({ code: 0 });
    const wrong = await cli('verify', '--store', store, '--root', `2:${root}`);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/FORKED\s+seq 1-2: The outside root 1 \(size 2\)/);
    expect(await cli('verify', '--store', store, '--root', 'three')).toMatchObject({ code: 2 });
  });

  it('exports what a filter selects, with a manifest beside it', async () => {
    await cli('import', '--store', store, csv);
    const out = path.join(dir, 'signing.csv');
    const run = await cli('export', '--store', store, '--out', out, '--action', 'SIGNING_OPERATION');
    expect(run.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    const manifest = JSON.parse(fs.readFileSync(out + '.manifest.json', 'utf8'));
    expect(manifest).toMatchObject({ rows: 2, format: 'csv', filter: { actions: ['SIGNING_OPERATION'] } });
  });

  it('prints the checkpoint and the verifier key', async () => {
    await cli('import', '--store', store, csv);
    const checkpoint = await cli('checkpoint', '--store', store);
    expect(checkpoint.out).toMatch(/^signtrail\/[0-9a-f-]{36}\n3\n[A-Za-z0-9+/]{43}=\n\n\u2014 /);
    const key = await cli('key');
    expect(key.out.trim()).toMatch(/^signtrail-[0-9a-f]{8}\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
  });
});
