// The field names rules use, and how each is read off a stored event and its enrichment.
import type { JsonValue } from '../../shared/event';

/** Fields of the record itself (docs/detections.md). */
export const RECORD_FIELDS = [
  'id',
  'timestamp',
  'actor.id',
  'actor.type',
  'action',
  'category',
  'entity.type',
  'entity.id',
  'entity.name',
  'status',
  'request_id',
  'key_id',
] as const;

/** Fields computed from the lifecycle events before the event (enrich.ts). */
export const ENRICHMENT_FIELDS = [
  'key.status',
  'key.algorithm',
  'key.size',
  'cert.status',
  'request.requester',
  'request.approvers',
  'request.policy',
  'request.policy_result',
  'request.approval_requested',
  'request.artifact',
  'request.key_status',
  'artifact.denied_by',
] as const;

const KNOWN = new Set<string>([...RECORD_FIELDS, ...ENRICHMENT_FIELDS]);

/** Details members matched whether spelled in snake_case (the platform) or camelCase (the demo). */
export const WELL_KNOWN_DETAILS = [
  'request_id',
  'key_id',
  'digest_algorithm',
  'algorithm',
  'key_size',
  'policy_result',
  'approval_result',
  'agent',
  'artifact',
  'artifact_sha256',
] as const;

const snakeToCamel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** Spellings of a details member to look for, the written one first. */
const SPELLINGS = new Map<string, string[]>();
for (const snake of WELL_KNOWN_DETAILS) {
  const camel = snakeToCamel(snake);
  const variants = [snake, camel, camel.replace(/Id$/, 'ID'), camel.replace(/Sha256$/, 'SHA256')];
  const unique = [...new Set(variants)];
  for (const v of unique) SPELLINGS.set(v, [v, ...unique.filter((x) => x !== v)]);
}

/** Null when the name is a field rules may use; otherwise what is wrong with it. */
export function fieldProblem(name: string): string | null {
  if (KNOWN.has(name)) return null;
  if (name.startsWith('details.') && name.length > 'details.'.length) return null;
  return `unknown field "${name}": use one of ${[...RECORD_FIELDS, ...ENRICHMENT_FIELDS].join(', ')}, or details.<member>`;
}

function member(obj: JsonValue | undefined, name: string): JsonValue | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const direct = (obj as Record<string, JsonValue>)[name];
  if (direct !== undefined) return direct;
  const spellings = SPELLINGS.get(name) ?? SPELLINGS.get(camelToSnake(name));
  if (!spellings) return undefined;
  for (const s of spellings) {
    const v = (obj as Record<string, JsonValue>)[s];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** details.a.b: the member `a.b` itself when it exists, else a nested walk. */
export function detailsValue(details: Record<string, JsonValue>, path: string): JsonValue | undefined {
  const whole = member(details, path);
  if (whole !== undefined) return whole;
  const parts = path.split('.');
  let cur: JsonValue | undefined = details;
  for (const p of parts) {
    cur = member(cur, p);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Logsource categories: Sigma names → the store's category ids. */
export const LOGSOURCE_CATEGORIES: Record<string, string> = {
  signing_operations: 'signing',
  key_lifecycle: 'key_lifecycle',
  certificate_management: 'certificate',
  policy_enforcement: 'policy',
  user_activity: 'user_activity',
  agent_events: 'agent',
  system_changes: 'system',
};
