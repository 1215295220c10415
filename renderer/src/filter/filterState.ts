// The filter bar's state and its two outside forms: the URL (so a view can be copied) and
// the shared EventFilter every door speaks.
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/categories';
import { STATUSES, type Status } from '../../../shared/event';
import { eventFilterSchema, VALUE_FIELDS, type EventFilter, type ValueField } from '../../../shared/filter';

/** Values left out, per field (`entity` as `Type:ID`). */
export type ExcludeState = Record<ValueField, string[]>;

export const NO_EXCLUSIONS: ExcludeState = Object.fromEntries(
  VALUE_FIELDS.map((f) => [f, []]),
) as unknown as ExcludeState;

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
  keyId: string | null;
  /** The build agent named in the details. */
  agent: string | null;
  exclude: ExcludeState;
  /** Events the journal tags with every one of these names now. */
  tags: string[];
  /** Only events starred in the journal. */
  starred: boolean;
  /** Only events with a comment in the journal. */
  commented: boolean;
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
  keyId: null,
  agent: null,
  exclude: NO_EXCLUSIONS,
  tags: [],
  starred: false,
  commented: false,
};

const LISTS = { actor: 'actors', action: 'actions', status: 'statuses', category: 'categories' } as const;
const SINGLES = {
  from: 'from',
  to: 'to',
  entityType: 'entityType',
  entityId: 'entityId',
  request: 'requestId',
  keyId: 'keyId',
  agent: 'agent',
} as const;

const CATEGORY_NAMES: Record<string, string> = CATEGORY_LABELS;
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
  if (state.keyId) params.set('keyId', state.keyId);
  if (state.agent) params.set('agent', state.agent);
  for (const field of VALUE_FIELDS) for (const v of state.exclude[field]) params.append(`not.${field}`, v);
  for (const t of state.tags) params.append('tag', t);
  if (state.starred) params.set('starred', '1');
  if (state.commented) params.set('commented', '1');
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
    tags: unique(params.getAll('tag')).filter((t) => t.length <= 512),
    starred: params.get('starred') === '1',
    commented: params.get('commented') === '1',
    exclude: Object.fromEntries(
      VALUE_FIELDS.map((f) => [f, unique(params.getAll(`not.${f}`)).filter((v) => v.length <= 512)]),
    ) as unknown as ExcludeState,
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
  if (state.keyId) filter.keyId = state.keyId;
  if (state.agent) filter.agent = state.agent;
  const exclude = Object.fromEntries(
    VALUE_FIELDS.filter((f) => state.exclude[f].length).map((f) => [f, state.exclude[f]]),
  );
  if (Object.keys(exclude).length) filter.exclude = exclude;
  if (state.tags.length) filter.tags = state.tags;
  if (state.starred) filter.starred = true;
  if (state.commented) filter.commented = true;
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
    keyId: filter.keyId ?? null,
    agent: filter.agent ?? null,
    exclude: { ...NO_EXCLUSIONS, ...filter.exclude },
    tags: filter.tags ?? [],
    starred: filter.starred ?? false,
    commented: filter.commented ?? false,
  };
}

/** The value a field has in the filter bar's inclusions (lists for the multi-value fields). */
function included(state: FilterState, field: ValueField): string[] {
  switch (field) {
    case 'actor':
      return state.actors;
    case 'action':
      return state.actions;
    case 'category':
      return state.categories;
    case 'status':
      return state.statuses;
    case 'entity':
      return state.entityType && state.entityId ? [`${state.entityType}:${state.entityId}`] : [];
    default:
      return state[field] ? [state[field]] : [];
  }
}

/** The filter with `field` set to exactly `values` (none: the field is not filtered on). */
export function withIncluded(state: FilterState, field: ValueField, values: string[]): FilterState {
  const one = values[0] ?? null;
  switch (field) {
    case 'actor':
      return { ...state, actors: values };
    case 'action':
      return { ...state, actions: values };
    case 'category':
      return { ...state, categories: values.filter(isCategory) };
    case 'status':
      return { ...state, statuses: values.filter(isStatus) };
    case 'entity': {
      const entity = one ? splitEntity(one) : { type: null, id: null };
      return { ...state, entityType: entity.type, entityId: entity.id };
    }
    case 'requestId':
      return { ...state, requestId: one };
    case 'keyId':
      return { ...state, keyId: one };
    case 'agent':
      return { ...state, agent: one };
  }
}

/** `Key:key-legacy-07` → type and ID; text without a colon is an entity ID of any type. */
export function splitEntity(text: string): { type: string | null; id: string | null } {
  const t = text.trim();
  if (!t) return { type: null, id: null };
  const colon = t.indexOf(':');
  if (colon <= 0) return { type: null, id: t };
  return { type: t.slice(0, colon), id: t.slice(colon + 1) || null };
}

/**
 * A pivot from one value: *filter on* narrows the field to that value; *exclude* leaves it out.
 * Either way the value leaves the other side, so a field never both selects and excludes it.
 */
export function pivot(state: FilterState, field: ValueField, value: string, how: 'include' | 'exclude'): FilterState {
  const others = state.exclude[field].filter((v) => v !== value);
  if (how === 'include')
    return { ...withIncluded(state, field, [value]), exclude: { ...state.exclude, [field]: others } };
  const kept = included(state, field).filter((v) => v !== value);
  return { ...withIncluded(state, field, kept), exclude: { ...state.exclude, [field]: [...others, value] } };
}

export const FIELD_LABELS: Record<ValueField, string> = {
  actor: 'Actor',
  action: 'Action',
  category: 'Category',
  status: 'Status',
  entity: 'Entity',
  keyId: 'Key ID',
  agent: 'Agent',
  requestId: 'Request ID',
};

/** Every criterion as a removable chip: inclusions and exclusions alike. */
export function criteriaChips(
  state: FilterState,
): { key: string; label: string; exclude: boolean; remove(s: FilterState): FilterState }[] {
  const chips: ReturnType<typeof criteriaChips> = [];
  if (state.from)
    chips.push({ key: 'from', label: `From ${state.from}`, exclude: false, remove: (s) => ({ ...s, from: null }) });
  if (state.to) chips.push({ key: 'to', label: `To ${state.to}`, exclude: false, remove: (s) => ({ ...s, to: null }) });
  if (state.q.trim())
    chips.push({ key: 'q', label: `Search: ${state.q.trim()}`, exclude: false, remove: (s) => ({ ...s, q: '' }) });
  for (const tag of state.tags)
    chips.push({
      key: `tag:${tag}`,
      label: `Tagged: ${tag}`,
      exclude: false,
      remove: (s) => ({ ...s, tags: s.tags.filter((t) => t !== tag) }),
    });
  if (state.starred)
    chips.push({ key: 'starred', label: 'Starred', exclude: false, remove: (s) => ({ ...s, starred: false }) });
  if (state.commented)
    chips.push({ key: 'commented', label: 'Commented', exclude: false, remove: (s) => ({ ...s, commented: false }) });
  for (const field of VALUE_FIELDS) {
    const values =
      field === 'entity' && !state.entityType && state.entityId ? [state.entityId] : included(state, field);
    for (const value of values) {
      chips.push({
        key: `+${field}:${value}`,
        label: `${FIELD_LABELS[field]}: ${field === 'category' ? (CATEGORY_NAMES[value] ?? value) : value}`,
        exclude: false,
        remove: (s) =>
          field === 'entity'
            ? { ...s, entityType: null, entityId: null }
            : withIncluded(
                s,
                field,
                included(s, field).filter((v) => v !== value),
              ),
      });
    }
    for (const value of state.exclude[field]) {
      chips.push({
        key: `-${field}:${value}`,
        label: `not ${FIELD_LABELS[field]}: ${value}`,
        exclude: true,
        remove: (s) => ({ ...s, exclude: { ...s.exclude, [field]: s.exclude[field].filter((v) => v !== value) } }),
      });
    }
  }
  return chips;
}

export function sameFilter(a: FilterState, b: FilterState): boolean {
  return filterToParams(a).toString() === filterToParams(b).toString();
}

/** True when a From/To pair selects no time at all. */
export function rangeIsEmpty(state: FilterState): boolean {
  return state.from !== null && state.to !== null && Date.parse(state.to) <= Date.parse(state.from);
}
