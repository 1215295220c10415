// What a rule's detection says about the store's own columns, as a plan the store turns into SQL
// with bound parameters (store/detections.ts): the run reads and evaluates only the events some
// rule can match, plus those the enrichment needs. A plan never excludes an event the rule's code
// would match (it may include more: the code has the last word), so null means "no narrowing".
import type { PlanColumn, Prefilter } from '../store/detections';
import type { EventMatcher } from './types';

export type { Prefilter };
import { literalWords, plainValue } from './wildcard';

/** Record fields stored in a column of the events table, with the same text. */
export const FIELD_COLUMNS = {
  id: 'event_id',
  action: 'action',
  status: 'status',
  category: 'category',
  'actor.id': 'actor_id',
  'actor.type': 'actor_type',
  'entity.type': 'entity_type',
  'entity.id': 'entity_id',
  'entity.name': 'entity_name',
  request_id: 'request_id',
  key_id: 'key_id',
} as const satisfies Record<string, PlanColumn>;

type Column = PlanColumn;

export function and(parts: Prefilter[]): Prefilter {
  const known = parts.filter((p): p is NonNullable<Prefilter> => p !== null);
  if (known.length === 0) return null;
  return known.length === 1 ? known[0] : { op: 'and', parts: known };
}

export function or(parts: Prefilter[]): Prefilter {
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  const known = parts as NonNullable<Prefilter>[];
  return known.length === 1 ? known[0] : { op: 'or', parts: known };
}

const PLANS = new WeakMap<EventMatcher, Prefilter>();

/** Remembers what the matcher implies about the columns. */
export function withPrefilter<F extends EventMatcher>(f: F, pre: Prefilter): F {
  if (pre !== null) PLANS.set(f, pre);
  return f;
}

export function prefilterOf(f: EventMatcher): Prefilter {
  return PLANS.get(f) ?? null;
}

const STRING_MODS = new Set(['contains', 'startswith', 'endswith', 'all', 'cased']);

/** The plan of one `field|mods: values` item, or null when it says nothing about a column. */
export function itemPrefilter(field: string, mods: string[], raw: unknown): Prefilter {
  const column = (FIELD_COLUMNS as Record<string, Column>)[field];
  if (!column || mods.some((m) => !STRING_MODS.has(m))) return null;
  const cased = mods.includes('cased');
  const mode = mods.includes('contains')
    ? 'contains'
    : mods.includes('startswith')
      ? 'prefix'
      : mods.includes('endswith')
        ? 'suffix'
        : 'eq';
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  const values = Array.isArray(raw) ? raw : [raw];
  const leaves: Prefilter[] = values.map((v): Prefilter => {
    if (v === null) return mode === 'eq' ? { op: 'leaf', column, test: 'empty', value: '', cased } : null;
    if (typeof v !== 'string') return null;
    const plain = plainValue(v);
    if (plain !== null)
      return plain === '' && mode !== 'eq' ? null : { op: 'leaf', column, test: mode, value: fold(plain), cased };
    // Wildcards: every literal piece appears in the text.
    return and(literalWords(v).map((w) => ({ op: 'leaf', column, test: 'contains', value: fold(w), cased })));
  });
  return mods.includes('all') ? and(leaves) : or(leaves);
}
