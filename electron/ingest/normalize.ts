// Status, action and actor type as the record spells them (integrity.md §1), from the
// spellings sources use. Each rule is documented in docs/formats.md.
import { ACTION_PATTERN, type ActorType, type Status } from '../../shared/event';
import { FieldProblem, quoteValue } from './errors';

const STATUS_WORDS: Record<string, Status> = {
  success: 'SUCCESS',
  succeeded: 'SUCCESS',
  successful: 'SUCCESS',
  ok: 'SUCCESS',
  failure: 'FAILURE',
  failed: 'FAILURE',
  fail: 'FAILURE',
  error: 'FAILURE',
  denied: 'DENIED',
  deny: 'DENIED',
  rejected: 'DENIED',
  forbidden: 'DENIED',
};

export function normalizeStatus(value: unknown): Status {
  if (value === 'SUCCESS' || value === 'FAILURE' || value === 'DENIED') return value;
  const status = typeof value === 'string' ? STATUS_WORDS[value.trim().toLowerCase()] : undefined;
  if (!status) {
    throw new FieldProblem(`${quoteValue(value)} is not a status; use SUCCESS, FAILURE or DENIED (any case)`);
  }
  return status;
}

/** `KEY_GENERATED` as given; `key generated`, `key-generated`, `key.generated`, `keyGenerated` → `KEY_GENERATED`. */
export function normalizeAction(value: unknown): string {
  if (typeof value !== 'string') throw new FieldProblem(`${quoteValue(value)} is not an action name`);
  if (ACTION_PATTERN.test(value)) return value;
  const action = value
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s.-]+/g, '_')
    .toUpperCase();
  if (!ACTION_PATTERN.test(action)) {
    throw new FieldProblem(
      `${quoteValue(value)} is not an action name: use letters, digits and _ (e.g. KEY_GENERATED), starting with a letter`,
    );
  }
  return action;
}

const ACTOR_TYPE_WORDS: Record<string, ActorType> = {
  user: 'user',
  human: 'user',
  person: 'user',
  service: 'service',
  serviceaccount: 'service',
  service_account: 'service',
  'service account': 'service',
  system: 'system',
  platform: 'system',
  agent: 'agent',
};

export function normalizeActorType(value: unknown): ActorType {
  const type = typeof value === 'string' ? ACTOR_TYPE_WORDS[value.trim().toLowerCase()] : undefined;
  if (!type) throw new FieldProblem(`${quoteValue(value)} is not an actor type; use user, service, system or agent`);
  return type;
}

const SYSTEM_NAMES = new Set(['system', 'platform', 'scheduler', 'cron']);
const SERVICE_PATTERN = /^(svc|sa)[-_:.]|[-_.](svc|sa|bot)$|\[bot\]$|@serviceaccount|service|^ci[-_:]/;
const AGENT_PATTERN = /^agent[-_:.]/;

/**
 * Actor type when the source names none:
 * system  — the actor is `system`, `platform`, `scheduler` or `cron`, or starts with `system:` / `system-`;
 * agent   — starts with `agent-`, `agent_`, `agent:` or `agent.`, or the action is AGENT_* and the actor is the entity;
 * service — starts with `svc-` / `sa-` (or _ : .), ends with `-svc` / `-sa` / `-bot` / `[bot]`, starts with `ci-`,
 *           or contains `service` or `@serviceaccount`;
 * user    — anyone else.
 */
export function inferActorType(actorId: string, action: string, entityId: string): ActorType {
  const byName = typeByName(actorId);
  if (byName === 'system') return 'system';
  if (byName === 'agent' || (action.startsWith('AGENT_') && actorId === entityId)) return 'agent';
  return byName ?? 'user';
}

const nameTypes = new Map<string, ActorType | null>();

/** The part of the rule that depends on the name alone, cached: the same actors recur on every page. */
function typeByName(actorId: string): ActorType | null {
  let type = nameTypes.get(actorId);
  if (type !== undefined) return type;
  const id = actorId.trim().toLowerCase();
  if (SYSTEM_NAMES.has(id) || id.startsWith('system:') || id.startsWith('system-')) type = 'system';
  else if (AGENT_PATTERN.test(id)) type = 'agent';
  else if (SERVICE_PATTERN.test(id)) type = 'service';
  else type = null;
  if (nameTypes.size > 50_000) nameTypes.clear();
  nameTypes.set(actorId, type);
  return type;
}
