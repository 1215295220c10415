// The columns a store derives from a record. Verification recomputes them from the stored
// bytes with this same function, so a hand-edited column cannot pass.
import { categoryOf } from './categories';
import type { AuditRecord, JsonValue } from './event';

/** Detail keys that name the signing request, in the order they are looked for. */
export const REQUEST_ID_KEYS = ['requestId', 'request_id', 'requestID', 'Request ID', 'request-id'] as const;
/** Detail keys that name the key used, in the order they are looked for. */
export const KEY_ID_KEYS = ['keyId', 'key_id', 'keyID', 'Key ID', 'key-id'] as const;

export interface DerivedColumns {
  timestamp: string;
  actorId: string;
  actorType: string;
  action: string;
  category: string;
  entityType: string;
  entityId: string;
  entityName: string | null;
  status: string;
  requestId: string | null;
  keyId: string | null;
}

function firstText(details: Record<string, JsonValue>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

export function deriveColumns(record: AuditRecord): DerivedColumns {
  const entityIsKey = record.entity.type.toLowerCase() === 'key';
  return {
    timestamp: record.timestamp,
    actorId: record.actor.id,
    actorType: record.actor.type,
    action: record.action,
    category: categoryOf(record.action),
    entityType: record.entity.type,
    entityId: record.entity.id,
    entityName: record.entity.name ?? null,
    status: record.status,
    requestId: firstText(record.details, REQUEST_ID_KEYS),
    keyId: firstText(record.details, KEY_ID_KEYS) ?? (entityIsKey ? record.entity.id : null),
  };
}

/** A one-line digest of details for the grid: `key=value` pairs, shortest useful first. */
export function summarizeDetails(details: Record<string, JsonValue>, max = 160): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}=${text}`);
  }
  const line = parts.join('; ');
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}
