// A hand-written check that a value is exactly an AuditRecord (auditRecordSchema in shared/event.ts),
// several times faster than zod per row; test/ingest pins that both agree.
import { ACTION_PATTERN, ACTOR_TYPES, STATUSES, TIMESTAMP_PATTERN } from '../../shared/event';

const RECORD_KEYS = new Set(['id', 'timestamp', 'actor', 'action', 'entity', 'status', 'details']);
const ACTOR_KEYS = new Set(['id', 'type']);
const ENTITY_KEYS = new Set(['type', 'id', 'name']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function onlyKeys(obj: Record<string, unknown>, allowed: Set<string>, where: string): string | null {
  for (const key of Object.keys(obj)) if (!allowed.has(key)) return `${where} has an unexpected member "${key}"`;
  return null;
}

function isJsonValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonValue);
  if (typeof v === 'object') return Object.values(v as object).every(isJsonValue);
  return false;
}

/** Null when `value` is a valid record; otherwise what is wrong, naming the member. */
export function recordProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'the event is not a JSON object';
  const extra = onlyKeys(value, RECORD_KEYS, 'the event');
  if (extra) return extra;
  for (const key of RECORD_KEYS) if (!(key in value)) return `the event has no "${key}"`;
  const { id, timestamp, actor, action, entity, status, details } = value;
  if (typeof id !== 'string' || id === '') return '"id" must be a non-empty string';
  if (typeof timestamp !== 'string' || !TIMESTAMP_PATTERN.test(timestamp)) {
    return '"timestamp" must be YYYY-MM-DDTHH:MM:SS.ffffffZ';
  }
  if (!isPlainObject(actor)) return '"actor" must be an object';
  const actorExtra = onlyKeys(actor, ACTOR_KEYS, '"actor"');
  if (actorExtra) return actorExtra;
  if (typeof actor.id !== 'string' || actor.id === '') return '"actor.id" must be a non-empty string';
  if (!(ACTOR_TYPES as readonly unknown[]).includes(actor.type))
    return `"actor.type" must be one of ${ACTOR_TYPES.join(', ')}`;
  if (typeof action !== 'string' || !ACTION_PATTERN.test(action)) return '"action" must be UPPER_SNAKE_CASE';
  if (!isPlainObject(entity)) return '"entity" must be an object';
  const entityExtra = onlyKeys(entity, ENTITY_KEYS, '"entity"');
  if (entityExtra) return entityExtra;
  if (typeof entity.type !== 'string' || entity.type === '') return '"entity.type" must be a non-empty string';
  if (typeof entity.id !== 'string' || entity.id === '') return '"entity.id" must be a non-empty string';
  if ('name' in entity && typeof entity.name !== 'string') return '"entity.name" must be a string when present';
  if (!(STATUSES as readonly unknown[]).includes(status)) return `"status" must be one of ${STATUSES.join(', ')}`;
  if (!isPlainObject(details) || !isJsonValue(details)) return '"details" must be a JSON object';
  return null;
}
