// An OCSF or ECS line that carries its original event imports that original; every field it maps
// must say what the original says. Each field of a real exported line is edited in turn, in both
// formats and for each OCSF class, and the file is refused naming file, line and that field; a
// field the mapper would read, added to a line, is refused too. Fields a SIEM adds are accepted.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { siemLine } from '../../electron/export/siem/writeSiem';
import { leafHash } from '../../electron/integrity/hash';
import { openEventFile } from '../../electron/ingest/reader';
import { canonicalizeRecord } from '../../shared/canonical';
import type { AuditRecord } from '../../shared/event';
import { tempDir } from '../helpers/tmp';

const base = { timestamp: '2026-03-02T08:21:50.609647Z', status: 'SUCCESS' } as const;
const RECORDS: AuditRecord[] = [
  {
    ...base,
    id: 'evt-sign',
    actor: { id: 'alice', type: 'user' },
    action: 'SIGNING_OPERATION',
    entity: { type: 'Key', id: 'key-42', name: 'release key' },
    status: 'DENIED',
    details: {
      reason: 'outside hours',
      requestId: 'req-9',
      keyId: 'key-42',
      artifact: 'app.exe',
      digest: 'ab'.repeat(32),
      digestAlgorithm: 'SHA-256',
      signer: 'CN=Build',
    },
  },
  {
    ...base,
    id: 'evt-key',
    actor: { id: 'svc-kms', type: 'service' },
    action: 'KEY_GENERATED',
    entity: { type: 'Key', id: 'key-43' },
    details: { algorithm: 'RSA', keySize: 3072, tags: ['a', 'b'], nested: { on: true, n: null } },
  },
  {
    ...base,
    id: 'evt-cert',
    actor: { id: 'bob', type: 'user' },
    action: 'CERTIFICATE_UPLOADED',
    entity: { type: 'Certificate', id: '01:02', name: 'CN=Signer' },
    details: { issuer: 'CN=CA', notBefore: '2026-01-01', notAfter: '2027-01-01', algorithm: 'EC', keySize: 256 },
  },
  {
    ...base,
    id: 'evt-login',
    actor: { id: 'carol', type: 'user' },
    action: 'USER_LOGIN_FAILED',
    entity: { type: 'User', id: 'carol', name: 'Carol' },
    status: 'FAILURE',
    details: {},
  },
  {
    ...base,
    id: 'evt-agent',
    actor: { id: 'agent-7', type: 'agent' },
    action: 'AGENT_CONNECTED',
    entity: { type: 'Agent', id: 'agent-7', name: 'build-7' },
    details: { version: '1.2' },
  },
];

/** Fields of an exported line that are not the event's: where it sat in the store, the writer's versions. */
const NOT_OF_THE_EVENT = [
  /^raw_data$/,
  /^metadata\.sequence$/,
  /^unmapped\.signtrail\.seq$/,
  /^metadata\.version$/,
  /^metadata\.product\./,
  /^event\.original$/,
  /^event\.sequence$/,
  /^signtrail\.seq$/,
  /^ecs\.version$/,
];

function exported(format: 'ocsf' | 'ecs', record: AuditRecord): Record<string, unknown> {
  const canon = Buffer.from(canonicalizeRecord(record));
  return JSON.parse(siemLine(format, { seq: 11, canon, leaf: leafHash(canon) }, '1.0.0')) as Record<string, unknown>;
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** A deep copy with the value at `field` edited (or set, when `to` is given). */
function edit(obj: Record<string, unknown>, field: string, to?: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  const parts = field.split('.');
  let at = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    at[p] ??= {};
    at = at[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  const old = at[last];
  at[last] =
    to !== undefined
      ? to
      : typeof old === 'string'
        ? old + 'X'
        : typeof old === 'number'
          ? old + 1000
          : typeof old === 'boolean'
            ? !old
            : old === null
              ? 'X'
              : Array.isArray(old)
                ? ['X']
                : { x: 1 };
  return copy;
}

async function importLines(lines: Record<string, unknown>[]): Promise<{ records: AuditRecord[]; error?: Error }> {
  const file = path.join(tempDir(), 'siem.ndjson');
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const records: AuditRecord[] = [];
  try {
    const reader = await openEventFile(file);
    for await (const batch of reader.batches()) records.push(...batch.map((b) => b.record));
    return { records };
  } catch (err) {
    return { records, error: err as Error };
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(['ocsf', 'ecs'] as const)('an edited %s line that carries its original', (format) => {
  it('imports the original when nothing was edited', async () => {
    const { records, error } = await importLines(RECORDS.map((r) => exported(format, r)));
    expect(error).toBeUndefined();
    expect(records.map(canonicalizeRecord)).toEqual(RECORDS.map(canonicalizeRecord));
  });

  it('is refused for an edit of any mapped field, naming file, line and the field', async () => {
    let tried = 0;
    for (const record of RECORDS) {
      const line = exported(format, record);
      for (const field of leafPaths(line)) {
        if (NOT_OF_THE_EVENT.some((p) => p.test(field))) continue;
        tried++;
        const { error } = await importLines([line, edit(line, field)]);
        expect(error?.message, `${record.action} ${field}`).toMatch(
          new RegExp(`^siem\\.ndjson line 2, field "${escape(field)}": .*(must be|changed after export)`),
        );
      }
    }
    // Every class of the mapping was tried, and its actor and entity fields among them.
    expect(tried).toBeGreaterThan(150);
  });

  it('is refused when a field the mapper reads is added with another actor or entity', async () => {
    const additions =
      format === 'ocsf'
        ? [
            ['metadata.event_code', 'KEY_DESTROYED', 0],
            ['entity.uid', 'key-1', 0], // an API Activity line has resources, not entity
            ['resources.0.uid', 'key-1', 1], // an Entity Management line has entity, not resources
            ['api.operation', 'KEY_DESTROYED', 1],
            ['user.uid', 'mallory', 0],
            ['unmapped.signtrail.actor.name', 'mallory', 0],
          ]
        : [
            ['user.id', 'mallory', 1], // a service actor: the line has service.*, not user.*
            ['service.id', 'svc-x', 0],
            ['signtrail.entity.name', 'other', 1], // the original entity has no name
            ['event.reason', 'DENIED: forged', 3],
          ];
    for (const [field, value, index] of additions as [string, string, number][]) {
      const line = exported(format, RECORDS[index]);
      const { error } = await importLines([edit(line, field, value)]);
      expect(error?.message, field).toMatch(
        new RegExp(`^siem\\.ndjson line 1, field "${escape(field)}": is "${value}".*gives no such field`),
      );
    }
  });

  it('accepts the fields a SIEM adds of its own', async () => {
    const added = RECORDS.map((r) => {
      const line = exported(format, r);
      return format === 'ocsf'
        ? {
            ...line,
            observables: [{ name: 'x', type_id: 1 }],
            metadata: { ...(line.metadata as object), logged_time: 1 },
          }
        : { ...line, host: { name: 'siem-1' }, event: { ...(line.event as object), ingested: '2026-03-03T00:00:00Z' } };
    });
    const { records, error } = await importLines(added);
    expect(error).toBeUndefined();
    expect(records).toHaveLength(RECORDS.length);
  });
});
