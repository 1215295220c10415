// Filter flags shared by `query` and `export`, turned into the one EventFilter.
import { CATEGORIES } from '../../shared/categories';
import { STATUSES } from '../../shared/event';
import { eventFilterSchema, type EventFilter } from '../../shared/filter';
import { UsageError } from './usage';

export const FILTER_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  actor: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  action: { type: 'string', multiple: true },
  category: { type: 'string', multiple: true },
  entity: { type: 'string', multiple: true },
  request: { type: 'string' },
  q: { type: 'string' },
  tag: { type: 'string', multiple: true },
  starred: { type: 'boolean' },
  commented: { type: 'boolean' },
} as const;

export const FILTER_HELP = `Filters:
  --from TIME        events at or after TIME (ISO 8601, e.g. 2026-01-31T09:00:00Z)
  --to TIME          events before TIME
  --actor ID         actor ID; repeat or comma-separate for several
  --status S         ${STATUSES.join(', ')}; repeat or comma-separate
  --action A         action such as SIGNING_OPERATION; repeat or comma-separate
  --category C       ${CATEGORIES.join(', ')}
  --entity T:ID      entity as Type:ID (e.g. Key:key-42), or just Type; once only
  --request ID       a signing request ID
  --q QUERY          keyword search: words, "phrases", prefix*, AND / OR / NOT
  --tag NAME         events the case journal tags NAME now; repeat for events with every tag
  --starred          events starred in the case journal
  --commented        events with a comment in the case journal`;

const list = (values: string[] | undefined): string[] | undefined =>
  values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

export function filterFromFlags(values: Record<string, unknown>): EventFilter {
  const entities = values.entity as string[] | undefined;
  // One entity per filter: a second --entity would silently replace the first, so it is refused.
  if (entities && entities.length > 1)
    throw new UsageError(
      `--entity may be given once (an event has one entity), not ${entities.length} times: ${entities.join(', ')}.`,
    );
  const entity = entities?.[0];
  const colon = entity?.indexOf(':') ?? -1;
  const candidate = {
    from: values.from,
    to: values.to,
    actors: list(values.actor as string[] | undefined),
    statuses: list(values.status as string[] | undefined)?.map((s) => s.toUpperCase()),
    actions: list(values.action as string[] | undefined),
    categories: list(values.category as string[] | undefined),
    entityType: entity ? (colon >= 0 ? entity.slice(0, colon) : entity) : undefined,
    entityId: entity && colon >= 0 ? entity.slice(colon + 1) : undefined,
    requestId: values.request,
    q: values.q,
    tags: values.tag,
    starred: values.starred,
    commented: values.commented,
  };
  const parsed = eventFilterSchema.safeParse(JSON.parse(JSON.stringify(candidate)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = { actors: 'actor', statuses: 'status', actions: 'action', categories: 'category', tags: 'tag' }[
      String(issue.path[0])
    ];
    throw new UsageError(`--${flag ?? String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}
