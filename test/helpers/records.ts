import type { AuditRecord, Status } from '../../shared/event';

let counter = 0;

/** A valid record; fields override the defaults. */
export function record(fields: Partial<AuditRecord> & { minute?: number } = {}): AuditRecord {
  const { minute, ...rest } = fields;
  counter++;
  const m = minute ?? counter;
  const ts = new Date(Date.UTC(2026, 2, 2, 9, 0, 0) + m * 60_000).toISOString().replace('Z', '000Z');
  return {
    id: `evt-${counter}`,
    timestamp: ts,
    actor: { id: 'alice@example.com', type: 'user' },
    action: 'SIGNING_OPERATION',
    entity: { type: 'Key', id: 'key-42' },
    status: 'SUCCESS' as Status,
    details: { requestId: `req-${counter}`, algorithm: 'RSA-3072' },
    ...rest,
  };
}
