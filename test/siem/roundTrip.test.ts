// OCSF and ECS exports of a real demo store, imported back: into the same store every event is a
// duplicate (same canonical bytes, no conflict), into a fresh store they get the same leaf hashes.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createDemoCase } from '../../electron/service/demoCase';
import { exportEvents } from '../../electron/export/exportEvents';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { tempDir } from '../helpers/tmp';

const EVENTS = 3_000;
let dir: string;
let storePath: string;
let signer: ReturnType<typeof createSigner>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'signtrail-siem-'));
  storePath = path.join(dir, 'case.sqlite');
  await createDemoCase(storePath, EVENTS, undefined, { home: path.join(dir, 'home') });
  signer = createSigner(loadOrCreateSigningKey(path.join(dir, 'home')));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function leaves(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT leaf FROM events ORDER BY seq').pluck().all() as Buffer[]).map((b) => b.toString('hex'));
  } finally {
    db.close();
  }
}

function lines(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function exportAs(format: 'ocsf' | 'ecs', name: string) {
  const out = path.join(tempDir(), name);
  const manifest = await exportEvents({ storePath, filter: {}, format, path: out, verifierKey: '' });
  return { out, manifest };
}

describe.each(['ocsf', 'ecs'] as const)('%s export and re-import', (format) => {
  it('re-imports into the same store as duplicates, and into a new store with the same leaf hashes', async () => {
    const { out, manifest } = await exportAs(format, `all.${format}.ndjson`);
    expect(manifest).toMatchObject({ format, rows: EVENTS });
    expect(fs.existsSync(out + '.manifest.json')).toBe(true);

    const db = openStore(storePath);
    try {
      const again = await importFile(db, out, { signer });
      expect(again).toMatchObject({ format, rejected: null, appended: 0, duplicates: EVENTS, conflicts: [] });
    } finally {
      db.close();
    }

    const fresh = path.join(tempDir(), 'fresh.sqlite');
    const db2 = openStore(fresh);
    try {
      const first = await importFile(db2, out, { signer });
      expect(first).toMatchObject({ format, rejected: null, appended: EVENTS, duplicates: 0 });
    } finally {
      db2.close();
    }
    expect(leaves(fresh)).toEqual(leaves(storePath));
  });

  it('re-imports the same events from the mapped fields alone when the original is stripped', async () => {
    const { out } = await exportAs(format, 'stripped.ndjson');
    const stripped = lines(out).map((o) => {
      if (format === 'ocsf') delete o.raw_data;
      else delete (o.event as Record<string, unknown>).original;
      return JSON.stringify(o);
    });
    const file = path.join(tempDir(), `stripped.${format}.ndjson`);
    fs.writeFileSync(file, stripped.join('\n') + '\n');
    const fresh = path.join(tempDir(), 'fresh.sqlite');
    const db = openStore(fresh);
    try {
      expect(await importFile(db, file, { signer })).toMatchObject({ format, rejected: null, appended: EVENTS });
    } finally {
      db.close();
    }
    expect(leaves(fresh)).toEqual(leaves(storePath));
  });
});

describe('the OCSF mapping', () => {
  it('classes lifecycle, API activity and logins, with type_uid, status, epoch-ms time, seq and leaf hash', async () => {
    const { out } = await exportAs('ocsf', 'map.ndjson');
    const events = lines(out);
    const storeLeaves = leaves(storePath);
    const seen = new Map<string, Record<string, unknown>>();
    events.forEach((o, i) => {
      expect(o.type_uid).toBe((o.class_uid as number) * 100 + (o.activity_id as number));
      expect(o.category_uid).toBe(Math.floor((o.class_uid as number) / 1000));
      const raw = JSON.parse(o.raw_data as string) as { action: string; status: string; timestamp: string };
      expect(o.time).toBe(Date.parse(raw.timestamp.slice(0, 23) + 'Z'));
      expect(o.status_id).toBe(raw.status === 'SUCCESS' ? 1 : 2);
      const meta = o.metadata as { sequence: number; labels: string[]; original_time: string };
      expect(meta.sequence).toBe(i + 1);
      expect(meta.labels).toContain(`signtrail_leaf_sha256:${storeLeaves[i]}`);
      expect(meta.original_time).toBe(raw.timestamp);
      if (!seen.has(raw.action)) seen.set(raw.action, o);
    });
    expect(seen.get('KEY_REVOKED')).toMatchObject({ class_uid: 3004, activity_id: 9, type_uid: 300409 });
    expect(seen.get('CERTIFICATE_UPLOADED')).toMatchObject({ class_uid: 3004, activity_id: 1 });
    expect(seen.get('SIGNING_REQUESTED')).toMatchObject({ class_uid: 6003, type_uid: 600301 });
    expect(seen.get('POLICY_EVALUATED')).toMatchObject({ class_uid: 6003, activity_id: 2 });
    expect(seen.get('APPROVAL_GRANTED')).toMatchObject({ class_uid: 6003, activity_id: 3 });
    expect(seen.get('USER_LOGIN')).toMatchObject({ class_uid: 3002, activity_id: 1, type_uid: 300201 });
    const denied = events.find((o) => o.status_detail === 'DENIED')!;
    expect(denied).toMatchObject({ status_id: 2, status: 'Failure', status_code: 'DENIED' });
  });
});

describe('the ECS mapping', () => {
  it('writes DENIED as failure with a reason, actors as user or service, x509 and code signature fields', async () => {
    const { out } = await exportAs('ecs', 'map.ndjson');
    const events = lines(out) as {
      '@timestamp': string;
      event: Record<string, unknown>;
      user?: { id: string };
      service?: { id: string; type: string };
      x509?: Record<string, unknown>;
      code_signature?: Record<string, unknown>;
      file?: Record<string, unknown>;
      signtrail: { status: string; actor: { type: string }; seq: number };
    }[];
    for (const e of events) {
      if (e.signtrail.status === 'DENIED') {
        expect(e.event.outcome).toBe('failure');
        expect(e.event.reason).toMatch(/^DENIED/);
      }
      if (e.signtrail.actor.type === 'user') expect(e.user).toBeDefined();
      else expect(e.service?.type).toBe(e.signtrail.actor.type);
      expect(e['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    const mallory = events.find((e) => e.user?.id === 'mallory@example.com' && e.signtrail.status === 'DENIED')!;
    expect(mallory.event.reason).toContain('not in the signer group');
    const cert = events.find((e) => e.event.action === 'CERTIFICATE_UPLOADED')!;
    expect(cert.x509).toMatchObject({ issuer: { distinguished_name: 'CN=Example Issuing CA 2, O=Example Corp' } });
    expect(cert.x509?.not_after).toBeTypeOf('string');
    const signing = events.find((e) => e.event.action === 'SIGNING_OPERATION')!;
    expect(signing.code_signature).toMatchObject({ exists: true });
    expect(signing.code_signature?.digest_algorithm).toMatch(/^SHA/);
    expect(signing.file?.name).toBeTypeOf('string');
  });
});
