// The filters the bench's query phase times (bench/phase.ts) and bench/explain.ts shows the plans
// of: built around one event from the middle of the store (the probe), so each finds real rows.
import type { EventRow } from '../shared/event';
import type { EventFilter } from '../shared/filter';

type Probe = Pick<EventRow, 'timestamp' | 'actorId' | 'entityType' | 'entityId' | 'requestId'>;

export function benchFilters(probe: Probe) {
  const day = probe.timestamp.slice(0, 10);
  const filters: Record<string, EventFilter> = {
    status: { statuses: ['DENIED'] },
    actor: { actors: [probe.actorId] },
    action: { actions: ['SIGNING_OPERATION'] },
    category: { categories: ['key_lifecycle'] },
    'time range': { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` },
    entity: { entityType: probe.entityType, entityId: probe.entityId },
    request: { requestId: probe.requestId ?? 'none' },
  };
  // A keyword with another filter: a common word with a rare actor, a prefix with a category.
  const combined: Record<string, EventFilter> = {
    'SIGNING_OPERATION + actor': { q: 'SIGNING_OPERATION', actors: [probe.actorId] },
    'release* + key_lifecycle': { q: 'release*', categories: ['key_lifecycle'] },
    'denied + SUCCESS': { q: 'denied', statuses: ['SUCCESS'] },
  };
  return { filters, combined };
}
