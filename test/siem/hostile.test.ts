// Hostile SIEM input and output: malformed or edited OCSF/ECS lines are refused naming file, line
// and field; CEF lines with hostile values follow the CEF escaping rules and parse back exactly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cefExtensionValue, cefHeaderField, toCef } from '../../electron/export/siem/cef';
import { siemLine } from '../../electron/export/siem/writeSiem';
import { openEventFile } from '../../electron/ingest/reader';
import { canonicalizeRecord } from '../../shared/canonical';
import type { AuditRecord } from '../../shared/event';
import { tempDir } from '../helpers/tmp';
import { siemEvent } from '../../electron/export/siem/common';
import { leafHash } from '../../electron/integrity/hash';

const hostile: AuditRecord = {
  id: 'evt|1\\x=y',
  timestamp: '2026-03-02T08:21:50.609647Z',
  actor: { id: 'eve\\|=\nCEF:0|Forged|x|1|y|z|10|', type: 'user' },
  action: 'SIGNING_OPERATION',
  entity: { type: 'Key|x', id: 'k=1 suser=admin', name: 'line1\r\nline2\\' },
  status: 'DENIED',
  details: { reason: 'a=b\nc', requestId: 'r|1', keyId: 'k\\2' },
};

function row(record: AuditRecord, seq = 7) {
  const canon = Buffer.from(canonicalizeRecord(record));
  return { seq, canon, leaf: leafHash(canon) };
}

/** A CEF reader written from the rules alone: header split on unescaped `|`, extension on unescaped `=`. */
function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const header: string[] = [];
  let i = 0;
  let field = '';
  while (header.length < 7) {
    const c = line[i++];
    if (c === '\\') field += line[i++];
    else if (c === '|') {
      header.push(field);
      field = '';
    } else if (c === undefined) throw new Error('header cut short');
    else field += c;
  }
  const rest = line.slice(i);
  const ext: Record<string, string> = {};
  // Keys are the word before each unescaped `=`; a value runs to the space before the next key.
  const keys: { key: string; at: number; valueAt: number }[] = [];
  for (let j = 0; j < rest.length; j++) {
    if (rest[j] === '\\') {
      j++;
      continue;
    }
    if (rest[j] === '=') {
      const m = /(?:^| )([A-Za-z0-9_]+)$/.exec(rest.slice(0, j))!;
      keys.push({ key: m[1], at: j - m[1].length, valueAt: j + 1 });
    }
  }
  keys.forEach((k, n) => {
    const end = n + 1 < keys.length ? keys[n + 1].at - 1 : rest.length;
    ext[k.key] = rest
      .slice(k.valueAt, end)
      .replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
  });
  return { header, ext };
}

describe('CEF escaping', () => {
  it('escapes | and \\ in header fields and puts no line break there', () => {
    expect(cefHeaderField('a|b\\c')).toBe('a\\|b\\\\c');
    expect(cefHeaderField('a\r\nb\nc')).toBe('a b c');
  });

  it('escapes \\, = and line breaks in extension values, and leaves | alone', () => {
    expect(cefExtensionValue('a=b\\c\nd\re|f')).toBe('a\\=b\\\\c\\nd\\re|f');
  });

  it('writes one line whose fields parse back to the hostile values exactly', () => {
    const line = toCef(siemEvent(row(hostile)), '0.1.0');
    expect(line).not.toMatch(/[\r\n]/);
    const { header, ext } = parseCef(line);
    expect(header).toEqual([
      'CEF:0',
      'SignTrail',
      'SignTrail',
      '0.1.0',
      'SIGNING_OPERATION',
      'SIGNING_OPERATION Key|x k=1 suser=admin',
      '6',
    ]);
    expect(ext.suser).toBe(hostile.actor.id);
    expect(ext.externalId).toBe(hostile.id);
    expect(ext.fname).toBe(hostile.entity.name);
    expect(ext.cs2).toBe('Key|x:k=1 suser=admin');
    expect(ext.reason).toBe('a=b\nc');
    expect(ext.cs3).toBe('r|1');
    expect(ext.cs4).toBe('k\\2');
    expect(ext.outcome).toBe('DENIED');
    expect(ext.rt).toBe(String(Date.parse('2026-03-02T08:21:50.609Z')));
    expect(ext.cn1).toBe('7');
    expect(JSON.parse(ext.cs6)).toEqual(hostile.details);
    // Neither the forged header in the actor nor `suser=admin` in the entity added a key.
    expect(Object.keys(ext)).toEqual(
      'rt externalId act cat outcome suser cs1Label cs1 cs2Label cs2 cs3Label cs3 cs4Label cs4 cs5Label cs5 cs6Label cs6 cn1Label cn1 fname reason msg'.split(
        ' ',
      ),
    );
    expect(line.startsWith('CEF:0|SignTrail|')).toBe(true);
  });

  it('gives severity from status and category', () => {
    const sev = (r: Partial<AuditRecord>) => parseCef(toCef(siemEvent(row({ ...hostile, ...r })), 'v')).header[6];
    expect(sev({ status: 'SUCCESS' })).toBe('1');
    expect(sev({ status: 'FAILURE' })).toBe('5');
    expect(sev({ status: 'DENIED' })).toBe('6');
    expect(sev({ status: 'SUCCESS', action: 'KEY_GENERATED' })).toBe('3');
    expect(sev({ status: 'SUCCESS', action: 'KEY_REVOKED' })).toBe('5');
    expect(sev({ status: 'FAILURE', action: 'KEY_ROTATED' })).toBe('7');
  });
});

async function readError(name: string, lines: string[]): Promise<Error> {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const reader = await openEventFile(file);
  try {
    for await (const batch of reader.batches()) void batch;
  } catch (err) {
    return err as Error;
  }
  throw new Error('the file was accepted');
}

describe('hostile OCSF and ECS input', () => {
  const ocsf = JSON.parse(siemLine('ocsf', row(hostile), 'v')) as Record<string, unknown>;
  const ecs = JSON.parse(siemLine('ecs', row(hostile), 'v')) as Record<string, unknown>;
  const good = (o: Record<string, unknown>) => JSON.stringify(o);

  it('reads the hostile values back exactly', async () => {
    for (const [name, obj] of [
      ['a.ndjson', ocsf],
      ['b.ndjson', ecs],
    ] as const) {
      const file = path.join(tempDir(), name);
      fs.writeFileSync(file, good(obj) + '\n');
      const reader = await openEventFile(file);
      const events = [];
      for await (const batch of reader.batches()) events.push(...batch);
      expect(reader.format).toBe(name === 'a.ndjson' ? 'ocsf' : 'ecs');
      expect(canonicalizeRecord(events[0].record)).toBe(canonicalizeRecord(hostile));
    }
  });

  it('refuses an OCSF line whose time was edited, naming file, line and field', async () => {
    const edited = { ...ocsf, time: (ocsf.time as number) + 1000 };
    const err = await readError('edited.ndjson', [good(ocsf), good(edited)]);
    expect(err.message).toMatch(/^edited\.ndjson line 2, field "time": .*changed after export/);
  });

  it('refuses an OCSF status_id that is not a number, and raw_data that is no event', async () => {
    expect((await readError('s.ndjson', [good({ ...ocsf, status_id: 'ok' })])).message).toMatch(
      /^s\.ndjson line 1, field "status_id": must be a number/,
    );
    expect((await readError('r.ndjson', [good({ ...ocsf, raw_data: '{"id":1}' })])).message).toMatch(
      /^r\.ndjson line 1, field "raw_data": does not hold a SignTrail event/,
    );
    expect((await readError('j.ndjson', [good({ ...ocsf, raw_data: '{"a":1,"a":2}' })])).message).toMatch(
      /^j\.ndjson line 1, field "raw_data": does not hold a valid JSON event/,
    );
  });

  it('refuses a mapped-only OCSF line without an entity, naming the missing field', async () => {
    const noRaw = { ...ocsf, raw_data: undefined, unmapped: undefined, resources: undefined };
    const err = await readError('m.ndjson', [good(noRaw)]);
    expect(err.message).toMatch(/^m\.ndjson line 1, field "entity\.(type|uid)"/);
  });

  it('refuses an ECS line whose outcome was edited or whose original is not a string', async () => {
    const edited = { ...ecs, event: { ...(ecs.event as object), outcome: 'success' } };
    expect((await readError('e.ndjson', [good(edited)])).message).toMatch(
      /^e\.ndjson line 1, field "event\.outcome": .*changed after export/,
    );
    const bad = { ...ecs, event: { ...(ecs.event as object), original: 42 } };
    expect((await readError('o.ndjson', [good(bad)])).message).toMatch(
      /^o\.ndjson line 1, field "event\.original": must be a string/,
    );
  });

  it('refuses a mapped-only ECS line with an unknown outcome', async () => {
    const e = { ...(ecs.event as object), original: undefined, outcome: 'maybe' };
    const err = await readError('u.ndjson', [good({ ...ecs, event: e, signtrail: undefined })]);
    expect(err.message).toMatch(/^u\.ndjson line 1, field "event\.outcome": is "maybe"/);
  });
});
