import { describe, expect, it } from 'vitest';
import { auditRecordSchema } from '../../shared/event';
import { recordProblem } from '../../electron/ingest/validateRecord';

const valid = {
  id: 'e-1',
  timestamp: '2026-01-31T09:00:00.000000Z',
  actor: { id: 'alice', type: 'user' },
  action: 'KEY_GENERATED',
  entity: { type: 'Key', id: 'k1', name: 'n' },
  status: 'SUCCESS',
  details: { a: [1, { b: null }] },
};

const variants: [string, unknown][] = [
  ['valid', valid],
  ['no entity name', { ...valid, entity: { type: 'Key', id: 'k1' } }],
  ['empty entity name', { ...valid, entity: { type: 'Key', id: 'k1', name: '' } }],
  ['extra member', { ...valid, seq: 1 }],
  ['missing details', { ...valid, details: undefined }],
  ['empty id', { ...valid, id: '' }],
  ['numeric id', { ...valid, id: 1 }],
  ['short timestamp', { ...valid, timestamp: '2026-01-31T09:00:00Z' }],
  ['lowercase action', { ...valid, action: 'key_generated' }],
  ['unknown actor type', { ...valid, actor: { id: 'a', type: 'robot' } }],
  ['extra actor member', { ...valid, actor: { id: 'a', type: 'user', x: 1 } }],
  ['empty actor id', { ...valid, actor: { id: '', type: 'user' } }],
  ['extra entity member', { ...valid, entity: { type: 'K', id: '1', x: 1 } }],
  ['null entity name', { ...valid, entity: { type: 'K', id: '1', name: null } }],
  ['empty entity type', { ...valid, entity: { type: '', id: '1' } }],
  ['lowercase status', { ...valid, status: 'success' }],
  ['array details', { ...valid, details: [] }],
  ['null details', { ...valid, details: null }],
  ['details with NaN', { ...valid, details: { n: NaN } }],
  ['not an object', 'event'],
  ['null', null],
];

describe('hand-written record validator', () => {
  it.each(variants)('agrees with auditRecordSchema on: %s', (_name, value) => {
    const zodOk = auditRecordSchema.safeParse(value).success;
    expect(recordProblem(value) === null).toBe(zodOk);
  });

  it('names the member that is wrong', () => {
    expect(recordProblem({ ...valid, status: 'ok' })).toBe('"status" must be one of SUCCESS, FAILURE, DENIED');
    expect(recordProblem({ ...valid, seq: 1 })).toBe('the event has an unexpected member "seq"');
  });
});
