// What can be computed for an event before the store is touched: canonical bytes, leaf hash,
// derived columns and the ID's hash key. Pure, so an import can run it in a worker thread
// while the main thread appends the previous batch.
import { canonicalizeRecord } from '../../shared/canonical';
import { deriveColumns } from '../../shared/derive';
import type { AuditRecord } from '../../shared/event';
import { leafHash, sha256 } from '../integrity/hash';
import type { DerivedValues } from './eventColumns';
import { storeTimeMicros } from './timeMicros';

export interface IncomingEvent {
  record: AuditRecord;
  /** 1-based line in the source where the event starts. */
  line: number;
  /** canon(record) when the source already holds it (sealed exports, checked canonical by the reader). */
  canon?: string;
}

/**
 * An event ready to append, as a tuple so a batch crosses a worker boundary cheaply:
 * [canon, leaf, idHash, ...the derived columns in table order (DERIVED_EVENT_COLUMNS), line].
 */
export type PreparedEvent = [canon: Uint8Array, leaf: Uint8Array, idHash: number, ...DerivedValues, line: number];

/** The 48-bit key of an event ID in the event_ids table. */
export function idHash(id: string): number {
  return sha256(id).readUIntBE(0, 6);
}

export function prepareEvent(incoming: IncomingEvent): PreparedEvent {
  const { record } = incoming;
  const canon = Buffer.from(incoming.canon ?? canonicalizeRecord(record), 'utf8');
  const c = deriveColumns(record);
  return [
    canon,
    leafHash(canon),
    idHash(record.id),
    record.id,
    storeTimeMicros(c.timestamp),
    c.actorId,
    c.actorType,
    c.action,
    c.category,
    c.entityType,
    c.entityId,
    c.entityName,
    c.status,
    c.requestId,
    c.keyId,
    incoming.line,
  ];
}

/** Prepares batches in this thread, for sources read without the import worker. */
export async function* prepareBatches(
  batches: AsyncIterable<readonly IncomingEvent[]> | Iterable<readonly IncomingEvent[]>,
): AsyncGenerator<PreparedEvent[]> {
  for await (const batch of batches) yield batch.map(prepareEvent);
}
