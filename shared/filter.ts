// The one filter every door speaks: the grid, `signtrail query`, CSV export, HTTP and IPC.
import { z } from 'zod';
import { CATEGORIES } from './categories';
import { STATUSES } from './event';

export const SORT_FIELDS = [
  'seq',
  'timestamp',
  'actorId',
  'actorType',
  'action',
  'category',
  'entityType',
  'entityId',
  'status',
  'requestId',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

const isoInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time such as 2026-01-31T09:00:00Z');

const shortText = z.string().min(1).max(512);

/** The fields whose values can be counted (facets), filtered on and excluded. */
export const VALUE_FIELDS = ['actor', 'action', 'category', 'status', 'entity', 'keyId', 'agent', 'requestId'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** Values to leave out, per field; `entity` values are written `Type:ID`. */
export const exclusionSchema = z
  .object(
    Object.fromEntries(VALUE_FIELDS.map((f) => [f, z.array(shortText).max(200).optional()])) as {
      [F in ValueField]: z.ZodOptional<z.ZodArray<typeof shortText>>;
    },
  )
  .strict();
export type Exclusions = z.infer<typeof exclusionSchema>;

export const eventFilterSchema = z
  .object({
    /** Inclusive lower bound on the event time. */
    from: isoInstant.optional(),
    /** Exclusive upper bound on the event time. */
    to: isoInstant.optional(),
    actors: z.array(shortText).max(200).optional(),
    statuses: z.array(z.enum(STATUSES)).max(3).optional(),
    actions: z.array(shortText).max(200).optional(),
    categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).optional(),
    entityType: shortText.optional(),
    entityId: shortText.optional(),
    requestId: shortText.optional(),
    /** Only these events (a detection rule's hits). */
    seqs: z.array(z.number().int().positive()).max(10_000).optional(),
    keyId: shortText.optional(),
    /** The build agent named in the details (`details.agent`). */
    agent: shortText.optional(),
    /** Values left out, whatever else matches. */
    exclude: exclusionSchema.optional(),
    /** FTS5 query: words, "phrases", prefix*, AND / OR / NOT. */
    q: z.string().max(1000).optional(),
    /** Events the journal currently tags with every one of these names. */
    tags: z.array(shortText).max(50).optional(),
    /** Events currently starred in the journal. */
    starred: z.boolean().optional(),
    /** Events with at least one comment in the journal (not retracted). */
    commented: z.boolean().optional(),
    /** Context: events within ± windowMinutes of event `seq`. */
    around: z
      .object({
        seq: z.number().int().positive(),
        windowMinutes: z
          .number()
          .positive()
          .max(60 * 24 * 365),
      })
      .strict()
      .optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof eventFilterSchema>;

export const pageRequestSchema = z
  .object({
    filter: eventFilterSchema.default({}),
    sort: z
      .object({ field: z.enum(SORT_FIELDS), dir: z.enum(['asc', 'desc']) })
      .strict()
      .default({ field: 'timestamp', dir: 'asc' }),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();
export type PageRequest = z.input<typeof pageRequestSchema>;
export type ParsedPageRequest = z.output<typeof pageRequestSchema>;

/** A filter with no criteria selects the whole store. */
export function isEmptyFilter(filter: EventFilter): boolean {
  const { exclude, ...rest } = filter;
  const none = (v: unknown) => v === undefined || v === false || (Array.isArray(v) && v.length === 0) || v === '';
  return Object.values(rest).every(none) && Object.values(exclude ?? {}).every(none);
}
