// The `signtrail` bin as a user runs it: a real process, its exit status (docs/cli.md: 0 success,
// 1 a finding or a rejected input, 2 a usage or I/O error) and every documented flag.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rewriteActor } from '../../e2e/support/tamper';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';
import { signtrail } from './process';

const CSV = `Timestamp,Actor,Action,Entity,Status,Details
2026-03-02T09:00:00Z,alice@example.com,KEY_GENERATED,Key:key-42,Success,"{""algorithm"":""RSA-3072""}"
2026-03-02T09:05:00Z,svc-ci-build,SIGNING_OPERATION,Key:key-42,Denied,requestId=req-7f3a; artifact=release/app.msi
2026-03-02T09:06:00Z,bob@example.com,SIGNING_OPERATION,Key:key-7,Success,requestId=req-8000
`;

let dir: string;
let home: string;
let store: string;
let csv: string;
const cli = (...args: string[]) => signtrail(home, args);

beforeEach(() => {
  dir = tempDir('signtrail-bin-');
  home = path.join(dir, 'home');
  store = path.join(dir, 'case.sqlite');
  csv = path.join(dir, 'events.csv');
  fs.writeFileSync(csv, CSV);
});

function writeNdjson(name: string, records: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

describe('signtrail (a real process)', { timeout: 300_000 }, () => {
  it('--version prints the version and exits 0; no command exits 2 with the help', async () => {
    const version = await cli('--version');
    expect(version.code).toBe(0);
    expect(version.out.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.out).toMatch(/^signtrail: investigate/);
  });

  it('import: 0 imported (creating the store), 1 rejected or conflicting, 2 usage or I/O error', async () => {
    expect(fs.existsSync(store)).toBe(false);
    const ok = await cli('import', '--store', store, csv);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(fs.existsSync(store)).toBe(true);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, CSV + '2026-03-02T09:07:00Z,eve,SIGNING_OPERATION,Key:key-42,Maybe,\n');
    const rejected = await cli('import', '--store', store, bad);
    expect(rejected.code).toBe(1);
    expect(rejected.err).toMatch(/bad\.csv line 5, field "Status"/);

    const first = record({ id: 'evt-conflict' });
    await cli('import', '--store', store, writeNdjson('a.ndjson', [first]));
    const conflict = await cli('import', '--store', store, writeNdjson('b.ndjson', [{ ...first, status: 'FAILURE' }]));
    expect(conflict.code).toBe(1);
    expect(conflict.out + conflict.err).toMatch(/evt-conflict/);

    expect((await cli('import', csv)).code).toBe(2);
    expect(await cli('import', '--store', store, path.join(dir, 'missing.csv'))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no such file: .*missing\.csv/),
    });
    const io = await cli('import', '--store', path.join(dir, 'no-such-dir', 'case.sqlite'), csv);
    expect(io.code).toBe(2);
    expect(io.err).toMatch(/^signtrail import: /);
  });

  it('import --assume-tz reads zoneless times in that zone and says so', async () => {
    const local = path.join(dir, 'local.csv');
    fs.writeFileSync(
      local,
      'Timestamp,Actor,Action,Entity,Status,Details\n2026-03-02 10:00:00,alice@example.com,KEY_GENERATED,Key:key-42,Success,\n',
    );
    const run = await cli('import', '--store', store, '--assume-tz', 'Europe/Berlin', local);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Europe\/Berlin/);
    const page = JSON.parse((await cli('query', '--store', store, '--json')).out);
    expect(page.rows[0].timestamp).toMatch(/^2026-03-02T09:00:00(\.0+)?Z$/);
    expect((await cli('import', '--store', store, '--assume-tz', 'Mars/Olympus', local)).code).toBe(2);
  });

  it('verify: 0 intact, 1 on a finding, 2 without a store; --checkpoint and --trusted-key', async () => {
    const firstTwo = path.join(dir, 'two.csv');
    fs.writeFileSync(firstTwo, CSV.split('\n').slice(0, 3).join('\n') + '\n');
    await cli('import', '--store', store, firstTwo);
    const older = path.join(dir, 'older.sqlite');
    fs.copyFileSync(store, older);
    await cli('import', '--store', store, csv);

    const saved = path.join(dir, 'case.checkpoint');
    const out = await cli('checkpoint', '--store', store, '--out', saved);
    expect(out).toMatchObject({ code: 0, out: `Checkpoint at size 3 written to ${saved}.\n` });
    expect(fs.readFileSync(saved, 'utf8')).toMatch(/^signtrail\/[0-9a-f-]{36}\n3\n/);

    expect(await cli('verify', '--store', store, '--checkpoint', saved)).toMatchObject({ code: 0 });
    // The older copy holds two events: the checkpoint kept elsewhere proves it was truncated.
    const truncated = await cli('verify', '--store', older, '--checkpoint', saved);
    expect(truncated.code).toBe(1);
    expect(truncated.out).toMatch(/TRUNCATED/);
    expect((await cli('verify', '--store', store, '--checkpoint', path.join(dir, 'nope'))).code).toBe(2);

    // Another installation (another home, another key) does not trust this one's checkpoints...
    const otherHome = path.join(dir, 'other-home');
    const untrusted = await signtrail(otherHome, ['verify', '--store', store]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toMatch(/UNTRUSTED_KEY/);
    // ...until its key is pinned.
    const key = (await cli('key')).out.trim();
    expect(await signtrail(otherHome, ['verify', '--store', store, '--trusted-key', key])).toMatchObject({ code: 0 });
    expect((await signtrail(otherHome, ['verify', '--store', store, '--trusted-key', 'garbage'])).code).toBe(2);

    rewriteActor(store, 2, 'mallory');
    const tampered = await cli('verify', '--store', store);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/seq 2/);
    expect((await cli('verify', '--store', path.join(dir, 'absent.sqlite'))).code).toBe(2);
  });

  it('checkpoint: exit 2 when the store has none yet', async () => {
    // A store created by a rejected import holds no events and so no checkpoint.
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Timestamp,Actor,Action,Entity,Status,Details\nyesterday,eve,X,Key:k,Success,\n');
    expect((await cli('import', '--store', store, bad)).code).toBe(1);
    expect(fs.existsSync(store)).toBe(true);
    const none = await cli('checkpoint', '--store', store);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no checkpoint yet/);
  });

  it('export --format csv|ndjson|sealed: 0 written; 2 for an unknown format, a missing --out or a filtered sealed export', async () => {
    await cli('import', '--store', store, csv);
    for (const format of ['csv', 'ndjson', 'sealed']) {
      const out = path.join(dir, `all.${format}`);
      const run = await cli('export', '--store', store, '--out', out, '--format', format, '--json');
      expect(run.code, format).toBe(0);
      expect(JSON.parse(run.out), format).toMatchObject({ rows: 3, format });
      const manifest = JSON.parse(fs.readFileSync(out + '.manifest.json', 'utf8'));
      // docs/export.md: exportedBy is user@host.
      expect(manifest.exportedBy, format).toBe(`${os.userInfo().username}@${os.hostname()}`);
    }
    const lines = fs.readFileSync(path.join(dir, 'all.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).actor.id)).toEqual(['alice@example.com', 'svc-ci-build', 'bob@example.com']);
    expect(fs.existsSync(path.join(dir, 'all.sealed.checkpoint'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'all.sealed.key'))).toBe(true);

    expect((await cli('export', '--store', store, '--out', path.join(dir, 'x'), '--format', 'xml')).code).toBe(2);
    expect((await cli('export', '--store', store)).code).toBe(2);
    // docs/export.md: a sealed export holds the whole store, so a filter is refused, not ignored.
    const filtered = path.join(dir, 'filtered.ndjson');
    const refused = await cli(
      'export',
      '--store',
      store,
      '--out',
      filtered,
      '--format',
      'sealed',
      '--status',
      'denied',
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/Clear the filter/);
    expect(fs.existsSync(filtered)).toBe(false);
  });

  it('query: --entity, --offset, --limit bounds, comma lists, and a repeated --entity is refused', async () => {
    await cli('import', '--store', store, csv);
    const q = async (...flags: string[]) => JSON.parse((await cli('query', '--store', store, '--json', ...flags)).out);

    const key42 = await q('--entity', 'Key:key-42');
    expect(key42.rows.map((r: { actorId: string }) => r.actorId)).toEqual(['alice@example.com', 'svc-ci-build']);
    expect((await q('--entity', 'Key')).total).toBe(3);

    const paged = await q('--sort', 'seq', '--offset', '1', '--limit', '1');
    expect(paged.total).toBe(3);
    expect(paged.rows.map((r: { seq: number }) => r.seq)).toEqual([2]);

    const comma = await q('--status', 'denied,success', '--action', 'SIGNING_OPERATION');
    expect(comma.rows.map((r: { seq: number }) => r.seq).sort()).toEqual([2, 3]);
    const categories = await q('--category', 'signing,key_lifecycle', '--category', 'system');
    expect(categories.total).toBe(3);
    expect((await q('--category', 'key_lifecycle')).total).toBe(1);

    const twice = await cli('query', '--store', store, '--entity', 'Key:key-42', '--entity', 'Key:key-7');
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/--entity.*once/);

    expect((await cli('query', '--store', store, '--limit', '10000')).code).toBe(0);
    expect((await cli('query', '--store', store, '--limit', '10001')).code).toBe(2);
    expect((await cli('query', '--store', store, '--offset', '-1')).code).toBe(2);
    expect((await cli('query', '--store', store, '--q', 'NOT')).code).toBe(2);
  });

  it('query: --from/--to, --actor, --request, --q and --sort as documented', async () => {
    await cli('import', '--store', store, csv);
    const seqs = async (...flags: string[]) =>
      JSON.parse((await cli('query', '--store', store, '--json', ...flags)).out).rows.map(
        (r: { seq: number }) => r.seq,
      );
    // from inclusive, to exclusive
    expect(await seqs('--from', '2026-03-02T09:05:00Z', '--to', '2026-03-02T09:06:00Z')).toEqual([2]);
    expect(await seqs('--actor', 'bob@example.com,alice@example.com', '--sort', 'seq:desc')).toEqual([3, 1]);
    expect(await seqs('--request', 'req-7f3a')).toEqual([2]);
    expect(await seqs('--q', 'release*')).toEqual([2]);
    expect(await seqs('--sort', 'actorId')).toEqual([1, 3, 2]);
    expect((await cli('query', '--store', store, '--sort', 'colour')).code).toBe(2);
    expect((await cli('query', '--store', store, '--from', 'yesterday')).code).toBe(2);
  });

  it('demo: 0 on a new file, 2 on a store that holds a real case (which is left as it was)', async () => {
    const demo = path.join(dir, 'demo.sqlite');
    expect((await cli('demo', '--store', demo, '--events', '50')).code).toBe(0);
    expect((await cli('demo', '--store', demo, '--events', '50')).code).toBe(0);

    await cli('import', '--store', store, csv);
    const before = fs.readFileSync(store);
    const refused = await cli('demo', '--store', store, '--events', '50');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is not a demo case/);
    const after = JSON.parse((await cli('query', '--store', store, '--json')).out);
    expect(after.total).toBe(3);
    expect(fs.readFileSync(store).equals(before)).toBe(true);
  });
});
