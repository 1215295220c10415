// signtrail detect / blast-radius / artifact on real store files, through the same service as IPC and HTTP.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { runRules } from '../../electron/detect/engine';
import { openStore } from '../../electron/store/db';
import { DEMO_ANOMALIES, generateDemoEvents } from '../../electron/demo/generate';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';
import { pack, records } from './helpers';

let store: string;
let shared: string;
beforeAll(() => {
  shared = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-detect-cli-'));
  process.env.SIGNTRAIL_HOME ??= path.join(shared, 'home');
  store = path.join(shared, 'demo.sqlite');
  storeWith([...generateDemoEvents({ count: 4000 })], store).close();
});
afterAll(() => fs.rmSync(shared, { recursive: true, force: true }));

describe('signtrail detect', () => {
  it('prints hits as JSON in the documented shape and exits 1 when anything hits', async () => {
    const r = await cli('detect', '--store', store, '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as {
      hits: {
        rule: { id: string; title: string; level: string; tags: string[] };
        events: { seq: number; id: string }[];
      }[];
    };
    expect(json.hits.length).toBe(3);
    for (const h of json.hits) {
      expect(Object.keys(h.rule).sort()).toEqual(['id', 'level', 'tags', 'title']);
      for (const e of h.events) expect(Object.keys(e).sort()).toEqual(['id', 'seq']);
    }
    const ids = json.hits.flatMap((h) => h.events.map((e) => e.id));
    expect(ids).toContain(DEMO_ANOMALIES.keyUsedAfterRevocation.signingEventId);
    expect(ids).toContain(DEMO_ANOMALIES.nightSigning.eventId);
    const text = await cli('detect', '--store', store);
    expect(text.out).toMatch(/\[high\] Signing with a key revoked.*: 1 hit/);
  });

  it('exits 0 when nothing hits, runs a plain Sigma rule from --rules, and exits 2 naming a bad rule file and line', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'mine.yml'),
      'title: Nobody named zed\nid: zed\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: zed@example.com\n  condition: s\nlevel: low\ndate: 2026-11-30\n',
    );
    expect((await cli('detect', '--store', store, '--rules', dir, '--no-builtin')).code).toBe(0);
    fs.writeFileSync(
      path.join(dir, 'mallory.yml'),
      'title: Mallory\nid: mal\nlogsource:\n  product: signtrail\n  category: signing_operations\ndetection:\n  s:\n    actor.id|startswith: mallory\n  condition: s\n',
    );
    const mine = await cli('detect', '--store', store, '--rules', dir, '--no-builtin', '--json');
    expect(mine.code).toBe(1);
    expect(JSON.parse(mine.out).hits.length).toBe(8);
    fs.writeFileSync(
      path.join(dir, 'broken.yml'),
      'title: Broken\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    action|wide: X\n  condition: s\n',
    );
    const bad = await cli('detect', '--store', store, '--rules', dir, '--no-builtin');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      `${path.join(dir, 'broken.yml')}:6: action|wide: modifier "wide" is Sigma but not supported`,
    );
    expect(bad.out).toMatch(/8 hits/);
  });

  it('--since evaluates only newer events, and finds what a full run finds among them', async () => {
    const db = openStore(store, { readonly: true });
    const rules = pack();
    const full = runRules(db, rules);
    const since = 1610;
    const part = runRules(db, rules, { sinceSeq: since });
    expect(part.scanned).toBeLessThan(full.scanned);
    const newer = full.hits.filter((h) => h.events.some((e) => e.seq > since));
    expect(part.hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)])).toEqual(
      newer.map((h) => [h.rule.id, h.events.map((e) => e.seq)]),
    );
    // The burst straddles `since`: its window reaches back to the earlier events.
    expect(part.hits.find((h) => h.rule.title.startsWith('Burst'))!.events.length).toBe(8);
    db.close();
  });
});

describe('signtrail blast-radius and artifact', () => {
  it("lists what the revoked key signed after its revocation, and the artifact's trail", async () => {
    const r = await cli('blast-radius', '--store', store, '--key', 'key-legacy-07', '--json');
    expect(r.code).toBe(1);
    const blast = JSON.parse(r.out);
    expect(blast.from).toBe(DEMO_ANOMALIES.keyUsedAfterRevocation.revokedAt);
    expect(blast.signings.map((s: { id: string }) => s.id)).toEqual([
      DEMO_ANOMALIES.keyUsedAfterRevocation.signingEventId,
    ]);
    expect(blast.requesters).toEqual(['svc-ci-build']);
    expect(blast.agents).toEqual(['agent-build-02']);
    expect(blast.artifacts).toEqual([{ name: 'builds/agent-installer-2.3.0.exe', digest: null, signings: 1 }]);
    expect(blast.certificates.length).toBe(1);
    const whole = JSON.parse(
      (
        await cli(
          'blast-radius',
          '--store',
          store,
          '--key',
          'key-legacy-07',
          '--from',
          '2026-03-02T00:00:00Z',
          '--json',
        )
      ).out,
    );
    expect(whole.signings.length).toBeGreaterThan(1);
    const a = await cli('artifact', '--store', store, DEMO_ANOMALIES.nightSigning.artifact, '--json');
    expect(a.code).toBe(0);
    const trail = JSON.parse(a.out);
    expect(trail.events.map((e: { action: string }) => e.action)).toEqual([
      'SIGNING_REQUESTED',
      'POLICY_EVALUATED',
      'SIGNING_OPERATION',
    ]);
    expect((await cli('artifact', '--store', store, 'nothing/like-this.bin')).code).toBe(1);
  });

  it('finds an artifact by its digest', async () => {
    const file = path.join(tempDir(), 'digest.sqlite');
    storeWith(
      records([
        {
          t: '09:00:00',
          actor: 'bob@example.com',
          action: 'SIGNING_REQUESTED',
          entity: 'SigningRequest/req-1',
          details: { request_id: 'req-1', artifact: 'a.exe' },
        },
        {
          t: '09:00:05',
          actor: 'bob@example.com',
          action: 'SIGNING_OPERATION',
          entity: 'Key/k',
          details: { request_id: 'req-1', key_id: 'k', artifact: 'a.exe', artifact_sha256: 'ab12cd34ef' },
        },
      ]),
      file,
    ).close();
    const trail = JSON.parse((await cli('artifact', '--store', file, 'ab12cd34ef', '--json')).out);
    expect(trail.requestIds).toEqual(['req-1']);
    expect(trail.events.length).toBe(2);
  });
});

describe('signtrail rules', () => {
  it('remembers folders for this installation and for a case; detect reads them, and a case’s folder only once confirmed here', async () => {
    const before = process.env.SIGNTRAIL_HOME;
    const mine = tempDir('signtrail-home-');
    const theirs = tempDir('signtrail-home-');
    const caseStore = path.join(tempDir(), 'case.sqlite');
    fs.copyFileSync(store, caseStore);
    const installation = tempDir('signtrail-rules-');
    fs.writeFileSync(
      path.join(installation, 'mallory.yml'),
      'title: Mallory\nid: mal\nlogsource:\n  product: signtrail\n  category: signing_operations\ndetection:\n  s:\n    actor.id|startswith: mallory\n  condition: s\n',
    );
    const perCase = tempDir('signtrail-rules-');
    fs.writeFileSync(
      path.join(perCase, 'zed.yml'),
      'title: Zed\nid: zed\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: zed@example.com\n  condition: s\n',
    );
    const ids = async () =>
      JSON.parse((await cli('detect', '--store', caseStore, '--no-builtin', '--rules', perCase, '--json')).out)
        .hits as unknown[];
    try {
      process.env.SIGNTRAIL_HOME = mine;
      expect((await cli('rules', 'add', installation)).code).toBe(0);
      expect((await cli('rules', 'list')).out).toContain(`installation  ${installation}`);
      expect((await cli('rules', 'add', '--store', caseStore, perCase)).code).toBe(0);
      const listed = await cli('rules', 'list', '--store', caseStore);
      expect(listed.out).toContain(`installation  ${installation}`);
      expect(listed.out).toContain(`case          ${perCase}`);
      expect(listed.out).not.toContain('NOT LOADED');
      // The installation's folder runs with --no-builtin too: 8 hits of mallory's requests.
      expect(await ids()).toHaveLength(8);
      expect((await cli('rules', 'add', path.join(installation, 'mallory.yml'))).err).toContain('not a folder');
      // Someone else's installation: the case's folder is listed, not loaded, and detect says how to confirm it.
      process.env.SIGNTRAIL_HOME = theirs;
      const other = await cli('rules', 'list', '--store', caseStore);
      expect(other.out).toContain(`case          ${perCase}  NOT LOADED: this case names the folder`);
      const run = await cli('detect', '--store', caseStore);
      expect(run.err).toContain(`note: rule folder ${perCase} not loaded`);
      expect(run.err).toContain(`signtrail rules confirm --store ${caseStore} ${perCase}`);
      const confirm = await cli('rules', 'confirm', '--store', caseStore, perCase);
      expect(confirm.code).toBe(0);
      expect(confirm.out).not.toContain('NOT LOADED');
      expect((await cli('rules', 'remove', '--store', caseStore, perCase)).code).toBe(0);
      expect((await cli('rules', 'remove', '--store', caseStore, perCase)).code).toBe(2);
      process.env.SIGNTRAIL_HOME = mine;
      expect((await cli('rules', 'remove', installation)).code).toBe(0);
      expect((await cli('rules', 'list')).out).toContain('No rule folders are remembered.');
    } finally {
      process.env.SIGNTRAIL_HOME = before;
    }
  });
});
