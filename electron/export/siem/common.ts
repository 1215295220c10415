// What the three SIEM writers read from one stored event: the record parsed from its canonical
// bytes, the store's seq and the leaf hash that ties the line to the verified trail.
import { categoryOf, type Category } from '../../../shared/categories';
import { deriveColumns } from '../../../shared/derive';
import type { AuditRecord, JsonValue } from '../../../shared/event';

export interface SiemRow {
  seq: number;
  canon: Uint8Array;
  leaf: Uint8Array;
}

export interface SiemEvent {
  record: AuditRecord;
  /** canon(e) as text: the original event, byte for byte. */
  canon: string;
  seq: number;
  leafHex: string;
  category: Category;
  requestId: string | null;
  keyId: string | null;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function siemEvent(row: SiemRow): SiemEvent {
  const canon = decoder.decode(row.canon);
  const record = JSON.parse(canon) as AuditRecord;
  const derived = deriveColumns(record);
  return {
    record,
    canon,
    seq: row.seq,
    leafHex: Buffer.from(row.leaf).toString('hex'),
    category: categoryOf(record.action),
    requestId: derived.requestId,
    keyId: derived.keyId,
  };
}

/** Milliseconds since the epoch of a stored `…ffffffZ` time; the microseconds are dropped, not rounded. */
export function epochMillis(timestamp: string): number {
  return Date.parse(timestamp.slice(0, 23) + 'Z');
}

/** A detail value as text when it is a non-empty string or a number. */
export function detailText(details: AuditRecord['details'], ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

export function detailNumber(details: AuditRecord['details'], ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^\d{1,9}$/.test(value)) return Number(value);
  }
  return undefined;
}

export const PRODUCT = { name: 'SignTrail', vendor_name: 'SignTrail' } as const;

/** Everything SignTrail knows about the event, under its own name (`signtrail.*` in ECS, `unmapped.signtrail` in OCSF). */
export function signtrailFields(e: SiemEvent): Record<string, JsonValue> {
  const r = e.record;
  return {
    seq: e.seq,
    leaf_sha256: e.leafHex,
    category: e.category,
    action: r.action,
    status: r.status,
    actor: { id: r.actor.id, type: r.actor.type },
    entity: { ...r.entity },
    request_id: e.requestId,
    key_id: e.keyId,
    details: r.details,
  };
}
