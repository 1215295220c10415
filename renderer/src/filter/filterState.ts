// The filter bar's state and its two outside forms: the URL (so a view can be copied) and
// the shared EventFilter every door speaks.
import { CATEGORIES, type Category } from '../../../shared/categories';
import { STATUSES, type Status } from '../../../shared/event';
import { eventFilterSchema, type EventFilter } from '../../../shared/filter';

export interface FilterState {
  /** Inclusive lower bound, ISO 8601 UTC. */
  from: string | null;
  /** Exclusive upper bound, ISO 8601 UTC. */
  to: string | null;
  actors: string[];
  actions: string[];
  statuses: Status[];
  categories: Category[];
  q: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
}

export const EMPTY_FILTER: FilterState = {
  from: null,
  to: null,
  actors: [],
  actions: [],
  statuses: [],
  categories: [],
  q: '',
  entityType: null,
  entityId: null,
  requestId: null,
};

const LISTS = { actor: 'actors', action: 'actions', status: 'statuses', category: 'categories' } as const;
const SINGLES = {
  from: 'from',
  to: 'to',
  entityType: 'entityType',
  entityId: 'entityId',
  request: 'requestId',
} as const;

const isInstant = (s: string) => !Number.isNaN(Date.parse(s));
const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);
const isCategory = (s: string): s is Category => (CATEGORIES as readonly string[]).includes(s);

/** The filter as URL parameters, in a stable order; empty criteria are left out. */
export function filterToParams(state: FilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  for (const [key, field] of Object.entries(LISTS)) for (const v of state[field]) params.append(key, v);
  if (state.entityType) params.set('entityType', state.entityType);
  if (state.entityId) params.set('entityId', state.entityId);
  if (state.requestId) params.set('request', state.requestId);
  if (state.q.trim()) params.set('q', state.q);
  return params;
}

/** Reads a filter back from URL parameters, dropping what is not a valid criterion. */
export function filterFromParams(params: URLSearchParams): FilterState {
  const unique = (values: string[]) => [...new Set(values.filter((v) => v.trim() !== ''))];
  const state: FilterState = {
    ...EMPTY_FILTER,
    actors: unique(params.getAll('actor')),
    actions: unique(params.getAll('action')),
    statuses: unique(params.getAll('status').map((s) => s.toUpperCase())).filter(isStatus),
    categories: unique(params.getAll('category')).filter(isCategory),
    q: params.get('q') ?? '',
  };
  for (const [key, field] of Object.entries(SINGLES)) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if ((field === 'from' || field === 'to') && !isInstant(value)) continue;
    state[field] = value;
  }
  return state;
}

/** `#actor=alice&status=DENIED`, or '' for no filter. */
export function filterToHash(state: FilterState): string {
  const text = filterToParams(state).toString();
  return text ? `#${text}` : '';
}

export function filterFromHash(hash: string): FilterState {
  return filterFromParams(new URLSearchParams(hash.replace(/^#/, '')));
}

/** The shared filter the service understands; empty criteria are left out. */
export function toEventFilter(state: FilterState): EventFilter {
  const filter: EventFilter = {};
  if (state.from) filter.from = new Date(Date.parse(state.from)).toISOString();
  if (state.to) filter.to = new Date(Date.parse(state.to)).toISOString();
  if (state.actors.length) filter.actors = state.actors;
  if (state.actions.length) filter.actions = state.actions;
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.categories.length) filter.categories = state.categories;
  if (state.entityType) filter.entityType = state.entityType;
  if (state.entityId) filter.entityId = state.entityId;
  if (state.requestId) filter.requestId = state.requestId;
  if (state.q.trim()) filter.q = state.q.trim();
  return eventFilterSchema.parse(filter);
}

/** The filter state a shared filter describes (`around` has no place in the bar and is dropped). */
export function fromEventFilter(filter: EventFilter): FilterState {
  return {
    from: filter.from ?? null,
    to: filter.to ?? null,
    actors: filter.actors ?? [],
    actions: filter.actions ?? [],
    statuses: filter.statuses ?? [],
    categories: (filter.categories ?? []) as Category[],
    q: filter.q ?? '',
    entityType: filter.entityType ?? null,
    entityId: filter.entityId ?? null,
    requestId: filter.requestId ?? null,
  };
}

export function sameFilter(a: FilterState, b: FilterState): boolean {
  return filterToParams(a).toString() === filterToParams(b).toString();
}

/** True when a From/To pair selects no time at all. */
export function rangeIsEmpty(state: FilterState): boolean {
  return state.from !== null && state.to !== null && Date.parse(state.to) <= Date.parse(state.from);
}
