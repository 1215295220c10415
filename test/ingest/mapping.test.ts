import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import { ImportError } from '../../electron/ingest/errors';
import { inferActorType, normalizeAction, normalizeStatus } from '../../electron/ingest/normalize';
import { recordFromObject } from '../../electron/ingest/recordFromObject';
import { readAll, refusal, tempFolder } from './helpers';

const write = tempFolder();
const where = { file: 'page-1', line: 1 };
const base = {
  timestamp: '2026-01-31T09:00:00Z',
  actor: 'alice',
  action: 'KEY_GENERATED',
  entity: 'Key:k1',
  status: 'SUCCESS',
};

function problemOf(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('column and member mapping', () => {
  it('maps header names case-insensitively, ignoring spaces, _ and -', async () => {
    const csv =
      'EVENT_ID,time,User Name,event-type,Resource,RESULT,metadata\ne-1,2026-01-31T09:00:00Z,alice,KEY_GENERATED,Key:k1,ok,a=1\n';
    const { events } = await readAll(write('aliases.csv', csv));
    expect(events[0].record).toEqual({
      id: 'e-1',
      timestamp: '2026-01-31T09:00:00.000000Z',
      actor: { id: 'alice', type: 'user' },
      action: 'KEY_GENERATED',
      entity: { type: 'Key', id: 'k1' },
      status: 'SUCCESS',
      details: { a: '1' },
    });
  });

  it('reads the record shape of integrity.md §1 unchanged', () => {
    const shaped = {
      id: 'e-1',
      timestamp: '2026-01-31T09:00:00.000000Z',
      actor: { id: 'svc-x', type: 'user' },
      action: 'KEY_GENERATED',
      entity: { type: 'Key', id: 'k1', name: 'release key' },
      status: 'SUCCESS',
      details: { n: 1, nested: { a: [true, null] } },
    };
    expect(recordFromObject(shaped, where)).toEqual(shaped);
  });

  it('reads flat platform objects: eventId, time, actor + actorType, entityType/entityId', () => {
    const record = recordFromObject(
      {
        event_id: 'e-9',
        time: 1769850000,
        actor: 'bob',
        actorType: 'Service',
        action: 'key-rotated',
        entityType: 'Key',
        entityId: 'k2',
        entityName: 'k',
        status: 'Denied',
        details: { a: 1 },
      },
      where,
    );
    expect(record).toEqual({
      id: 'e-9',
      timestamp: '2026-01-31T09:00:00.000000Z',
      actor: { id: 'bob', type: 'service' },
      action: 'KEY_ROTATED',
      entity: { type: 'Key', id: 'k2', name: 'k' },
      status: 'DENIED',
      details: { a: 1 },
    });
  });

  it('puts what maps to no member into details under its source name', async () => {
    const csv =
      'Timestamp,Actor,Action,Entity,Status,Details,Module,Empty\n2026-01-31T09:00:00Z,a,X,K:1,SUCCESS,{"k":1},signer,\n';
    const { events } = await readAll(write('extra.csv', csv));
    expect(events[0].record.details).toEqual({ k: 1, Module: 'signer' });
    const obj = recordFromObject(
      { ...base, ip: '10.0.0.1', actor: { id: 'a', type: 'user', email: 'a@x' }, tags: null },
      where,
    );
    expect(obj.details).toEqual({ ip: '10.0.0.1', 'actor.email': 'a@x', tags: null });
  });

  it('refuses an unmapped field that contradicts the same key in details', () => {
    const err = problemOf(() => recordFromObject({ ...base, details: { ip: 'x' }, ip: 'y' }, where));
    expect(err.message).toContain('"ip" is both a field of its own');
  });

  it('drops the derived Seq, Category and Leaf Hash', () => {
    const record = recordFromObject({ ...base, seq: 7, category: 'key_lifecycle', leafHash: 'ab' }, where);
    expect(record.details).toEqual({});
  });

  it('parses Entity as Type:ID, splitting at the first colon only', () => {
    expect(recordFromObject({ ...base, entity: 'Key:key-42' }, where).entity).toEqual({ type: 'Key', id: 'key-42' });
    expect(recordFromObject({ ...base, entity: 'Artifact:sha256:abc' }, where).entity).toEqual({
      type: 'Artifact',
      id: 'sha256:abc',
    });
    expect(recordFromObject({ ...base, entity: 'Key:k1', entityName: 'prod' }, where).entity).toEqual({
      type: 'Key',
      id: 'k1',
      name: 'prod',
    });
    for (const bad of ['key-42', ':k', 'Key:']) {
      expect(problemOf(() => recordFromObject({ ...base, entity: bad }, where)).message).toContain('is not Type:ID');
    }
  });

  it('refuses Entity and Entity ID that disagree', () => {
    const err = problemOf(() => recordFromObject({ ...base, entity: 'Key:k1', entityId: 'k2' }, where));
    expect(err.field).toBe('entityId');
  });

  it('reads Details as a JSON object or as key=value; key=value', () => {
    expect(recordFromObject({ ...base, details: '{"a": [1, 2]}' }, where).details).toEqual({ a: [1, 2] });
    expect(recordFromObject({ ...base, details: 'algorithm=RSA; size = 2048 ;; url=a=b' }, where).details).toEqual({
      algorithm: 'RSA',
      size: '2048',
      url: 'a=b',
    });
    expect(problemOf(() => recordFromObject({ ...base, details: 'just words' }, where)).message).toContain(
      'is not a key=value pair',
    );
    expect(problemOf(() => recordFromObject({ ...base, details: '{"a":' }, where)).message).toContain(
      'is not a valid JSON object',
    );
    expect(problemOf(() => recordFromObject({ ...base, details: [1] }, where)).message).toContain(
      'is not a JSON object',
    );
    expect(problemOf(() => recordFromObject({ ...base, details: 'a=1; a=2' }, where)).message).toContain(
      'appears twice',
    );
  });

  it('adds Request ID and Key ID to details only when details do not already say so', () => {
    const add = recordFromObject({ ...base, entity: 'Cert:c1', 'Request ID': 'r1', 'Key ID': 'k9' }, where);
    expect(add.details).toEqual({ requestId: 'r1', keyId: 'k9' });
    const same = recordFromObject({ ...base, details: { request_id: 'r1' }, requestId: 'r1', keyId: 'k1' }, where);
    expect(same.details).toEqual({ request_id: 'r1' }); // k1 is the Key entity: the store derives it
    const err = problemOf(() => recordFromObject({ ...base, details: { requestId: 'r1' }, requestId: 'r2' }, where));
    expect(err.field).toBe('requestId');
    expect(err.message).toContain('"r2" contradicts "r1"');
  });

  it('refuses two members naming the same thing with different values', () => {
    const err = problemOf(() => recordFromObject({ ...base, id: 'a', eventId: 'b' }, where));
    expect(err.field).toBe('eventId');
    expect(recordFromObject({ ...base, id: 'a', eventId: 'a' }, where).id).toBe('a');
  });

  it('derives a missing ID as sha256 of the JCS bytes of the record without id', () => {
    const record = recordFromObject(base, where);
    const { id, ...rest } = record;
    expect(id).toBe(
      'sha256:' +
        createHash('sha256')
          .update(canonicalize(rest as unknown as JsonValue))
          .digest('hex'),
    );
    expect(recordFromObject({ ...base, id: '' }, where).id).toBe(id);
  });
});

describe('status, action and actor type rules', () => {
  it.each([
    ['SUCCESS', 'SUCCESS'],
    ['success', 'SUCCESS'],
    ['Succeeded', 'SUCCESS'],
    ['OK', 'SUCCESS'],
    ['failure', 'FAILURE'],
    ['FAILED', 'FAILURE'],
    ['error', 'FAILURE'],
    ['denied', 'DENIED'],
    ['Rejected', 'DENIED'],
    ['forbidden', 'DENIED'],
  ])('status %s → %s', (input, expected) => {
    expect(normalizeStatus(input)).toBe(expected);
  });

  it('refuses an unknown status', () => {
    expect(() => normalizeStatus('maybe')).toThrow(
      '"maybe" is not a status; use SUCCESS, FAILURE or DENIED (any case)',
    );
  });

  it.each([
    ['KEY_GENERATED', 'KEY_GENERATED'],
    ['key generated', 'KEY_GENERATED'],
    ['key-generated', 'KEY_GENERATED'],
    ['key.generated', 'KEY_GENERATED'],
    ['keyGenerated', 'KEY_GENERATED'],
    ['Signing Operation v2', 'SIGNING_OPERATION_V2'],
  ])('action %s → %s', (input, expected) => {
    expect(normalizeAction(input)).toBe(expected);
  });

  it('refuses an action that cannot be upper snake case', () => {
    expect(() => normalizeAction('2fa enabled')).toThrow(/is not an action name/);
    expect(() => normalizeAction('KEY/GENERATED')).toThrow(/is not an action name/);
  });

  it.each([
    ['system', 'system'],
    ['Platform', 'system'],
    ['system:scheduler', 'system'],
    ['agent-7', 'agent'],
    ['agent:build-01', 'agent'],
    ['svc-build', 'service'],
    ['sa-deploy', 'service'],
    ['release-svc', 'service'],
    ['deploy-bot', 'service'],
    ['dependabot[bot]', 'service'],
    ['signer@serviceaccount.example.com', 'service'],
    ['payments-service', 'service'],
    ['ci-release', 'service'],
    ['alice@example.com', 'user'],
    ['sam', 'user'],
  ])('actor %s is inferred as %s', (actor, expected) => {
    expect(inferActorType(actor, 'KEY_GENERATED', 'k1')).toBe(expected);
  });

  it('infers agent for an AGENT_* action whose actor is the entity', () => {
    expect(inferActorType('build-box-3', 'AGENT_HEARTBEAT', 'build-box-3')).toBe('agent');
    expect(inferActorType('alice', 'AGENT_UPDATED', 'build-box-3')).toBe('user');
  });

  it('keeps a given actor type over the inferred one, and refuses an unknown one', async () => {
    expect(recordFromObject({ ...base, actor: 'svc-x', actorType: 'user' }, where).actor.type).toBe('user');
    const err = await refusal(
      write(
        'type.csv',
        'Timestamp,Actor,Actor Type,Action,Entity,Status\n2026-01-31T09:00:00Z,a,robot,X,K:1,SUCCESS\n',
      ),
    );
    expect(err.message).toBe(
      'type.csv line 2, field "Actor Type": "robot" is not an actor type; use user, service, system or agent',
    );
  });
});

describe('missing required fields', () => {
  it.each([
    ['Timestamp', 'Timestamp'],
    ['Actor', 'Actor'],
    ['Action', 'Action'],
    ['Status', 'Status'],
    ['Entity', 'Entity'],
  ])('an empty %s is refused with file, line and field', async (column, field) => {
    const header = 'Timestamp,Actor,Action,Entity,Status';
    const values: Record<string, string> = {
      Timestamp: '2026-01-31T09:00:00Z',
      Actor: 'a',
      Action: 'X',
      Entity: 'K:1',
      Status: 'SUCCESS',
    };
    values[column] = '';
    const row = header
      .split(',')
      .map((c) => values[c])
      .join(',');
    const err = await refusal(write(`missing-${column}.csv`, `${header}\n${row}\n`));
    expect([err.file, err.line, err.field]).toEqual([`missing-${column}.csv`, 2, field]);
    expect(err.message).toMatch(new RegExp(`^missing-${column}\\.csv line 2, field "${field}": is missing`));
  });

  it('refuses an object without an actor, naming the member the source would use', () => {
    const { actor: _a, ...noActor } = base;
    void _a;
    const err = problemOf(() => recordFromObject(noActor, { file: 'page-3', line: 7 }));
    expect(err.message).toBe('page-3 line 7, field "Actor": is missing; every event needs an Actor');
  });
});
