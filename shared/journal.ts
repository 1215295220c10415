// The case journal (docs/journal.md): what an investigator did, as entries of a second append-only
// log with the same integrity as the events. This file is the entry's shape, the rules for each
// kind's body, and the channels that reach the journal from every door.
import { z } from 'zod';
import { TIMESTAMP_PATTERN, type JsonValue } from './event';
import { eventFilterSchema, type EventFilter } from './filter';

/** Kinds an analyst writes by hand. */
export const ANALYST_KINDS = [
  'tag',
  'untag',
  'comment',
  'star',
  'unstar',
  'entity-note',
  'saved-search',
  'question',
  'conclusion',
  'amend',
  'retract',
] as const;

/** Every kind: the analyst's, then those that record what the app did at the analyst's request. */
export const JOURNAL_KINDS = [...ANALYST_KINDS, 'import', 'sync', 'verify', 'export', 'evidence'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export const ENTITY_NOTE_TYPES = ['key', 'certificate', 'actor', 'agent', 'policy'] as const;

const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const entryId = z.string().regex(ENTRY_ID, 'an entry ID is a lowercase UUID');
export const tagName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s,][^,\n\r\t]*$/, 'a tag name is 1-64 characters, no commas or line breaks, not starting with a space');
const text = z.string().min(1).max(20_000);
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number().int(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
/** The action kinds record whatever the operation reports, as plain JSON. */
const actionBody = z.record(z.string(), jsonValue);

export const BODY_SCHEMAS = {
  tag: z
    .object({
      name: tagName,
      description: z.string().min(1).max(1000).optional(),
      colour: z
        .string()
        .regex(/^#[0-9a-f]{6}$/, 'a colour is #rrggbb in lowercase hex')
        .optional(),
      note: text.optional(),
    })
    .strict(),
  untag: z.object({ name: tagName }).strict(),
  comment: z.object({ text }).strict(),
  star: z.object({}).strict(),
  unstar: z.object({}).strict(),
  'entity-note': z
    .object({ entity: z.object({ type: z.enum(ENTITY_NOTE_TYPES), id: z.string().min(1).max(512) }).strict(), text })
    .strict(),
  'saved-search': z.object({ name: z.string().min(1).max(128), filter: eventFilterSchema }).strict(),
  question: z.object({ text }).strict(),
  conclusion: z.object({ question: entryId, text }).strict(),
  amend: z.object({ entry: entryId, text }).strict(),
  retract: z.object({ entry: entryId, reason: z.string().min(1).max(2000).optional() }).strict(),
  import: actionBody,
  sync: actionBody,
  verify: actionBody,
  export: actionBody,
  evidence: actionBody,
} satisfies Record<JournalKind, z.ZodType>;

export type JournalBody<K extends JournalKind> = z.infer<(typeof BODY_SCHEMAS)[K]>;

const leafHex = z.string().regex(/^[0-9a-f]{64}$/, 'a leaf hash is 64 lowercase hex digits');

/** The hashed content of one journal entry (its canonical JSON is the leaf's input). */
export const journalEntrySchema = z
  .object({
    id: entryId,
    time: z.string().regex(TIMESTAMP_PATTERN, 'time must be YYYY-MM-DDTHH:MM:SS.ffffffZ'),
    analyst: z.string().min(1).max(256),
    kind: z.enum(JOURNAL_KINDS),
    body: z.record(z.string(), jsonValue),
    /** The events it concerns, by seq and the leaf hash they had then. */
    events: z.array(z.object({ seq: z.number().int().positive(), leaf: leafHex }).strict()).max(100_000),
    /** The newest events checkpoint when the entry was written. */
    eventsCheckpoint: z
      .object({ size: z.number().int().min(0), root: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const body = BODY_SCHEMAS[entry.kind].safeParse(entry.body);
    if (!body.success) {
      const issue = body.error.issues[0];
      ctx.addIssue({ code: 'custom', path: ['body', ...issue.path.map(String)], message: issue.message });
    }
    const seqs = entry.events.map((e) => e.seq);
    if (new Set(seqs).size !== seqs.length) {
      ctx.addIssue({ code: 'custom', path: ['events'], message: 'an event is listed twice' });
    }
  });
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** A stored entry as the app shows it. */
export interface JournalEntryView extends JournalEntry {
  seq: number;
  /** Set when a later retract entry withdrew it. */
  retractedBy: string | null;
  /** Texts of later amend entries, oldest first. */
  amendedBy: { id: string; text: string }[];
}

/** Who wrote an entry, and when. */
export interface EntryMark {
  /** The entry's ID (what an untag, amend or retract points at). */
  id: string;
  time: string;
  analyst: string;
}

/** The journal as it bears on one event: each with the analyst and time of the entry behind it. */
export interface EventAnnotations {
  tags: string[];
  /** The entry that put each current tag on the event (the latest, when tagged twice). */
  tagEntries: (EntryMark & { name: string; note: string | null })[];
  starred: boolean;
  /** The entry that starred it, while it is starred. */
  star: EntryMark | null;
  /** Comments not retracted; `text` is the latest amendment, `amended` says there was one. */
  comments: (EntryMark & { text: string; amended: boolean })[];
  /** Notes (not retracted) on the event's key, certificate, actor, agent or policy. */
  entityNotes: (EntryMark & { entity: { type: EntityNoteType; id: string }; text: string; amended: boolean })[];
}

export type EntityNoteType = (typeof ENTITY_NOTE_TYPES)[number];

/** A saved search read back from the journal; its filter is checked again by the filter contract. */
export interface SavedSearchView extends EntryMark {
  name: string;
  /** The filter, when it passes the filter contract's schema; otherwise null and `problem` says why. */
  filter: EventFilter | null;
  problem: string | null;
}

/** A question with the conclusions that answer it (retracted ones left out). */
export interface QuestionView extends EntryMark {
  seq: number;
  text: string;
  events: number[];
  conclusions: (EntryMark & { seq: number; text: string; events: number[] })[];
}

const eventRef = z.string().min(1).max(512).describe('an event ID, or seq:N');

const bodyArg = z.record(z.string(), jsonValue);

export const journalChannels = {
  /** Writes one entry by the analyst (tag, comment, star, question, ...). */
  'journal.add': {
    args: z
      .object({
        kind: z.enum(ANALYST_KINDS),
        body: bodyArg.default({}),
        /** Events by ID or seq:N. */
        events: z.array(eventRef).max(100_000).default([]),
        /** Or by seq, as the grid selects them. */
        seqs: z.array(z.number().int().positive()).max(100_000).default([]),
      })
      .strict(),
    result: z.custom<JournalEntryView>(() => true),
  },
  'journal.list': {
    args: z
      .object({
        kinds: z.array(z.enum(JOURNAL_KINDS)).max(JOURNAL_KINDS.length).optional(),
        analyst: z.string().max(256).optional(),
        tag: tagName.optional(),
        /** Entries about this event only. */
        seq: z.number().int().positive().optional(),
      })
      .strict(),
    result: z.custom<JournalEntryView[]>(() => true),
  },
  'journal.annotations': {
    args: z.object({ seq: z.number().int().positive() }).strict(),
    result: z.custom<EventAnnotations>(() => true),
  },
  'journal.tags': { args: z.object({}).strict(), result: z.custom<{ name: string; events: number }[]>(() => true) },
  /** Saved searches not retracted, newest first, each filter checked against the filter contract. */
  'journal.savedSearches': { args: z.object({}).strict(), result: z.custom<SavedSearchView[]>(() => true) },
  /** Questions (not retracted), oldest first, with their conclusions. */
  'journal.questions': { args: z.object({}).strict(), result: z.custom<QuestionView[]>(() => true) },
  /** Notes (not retracted) on one key, certificate, actor, agent or policy. */
  'journal.entityNotes': {
    args: z.object({ type: z.enum(ENTITY_NOTE_TYPES), id: z.string().min(1).max(512) }).strict(),
    result: z.custom<EventAnnotations['entityNotes']>(() => true),
  },
  /** An inclusion proof (c2sp.org/tlog-proof@v1) for one event or journal entry. */
  'proof.event': {
    args: z.object({ event: eventRef, log: z.enum(['events', 'journal']).default('events') }).strict(),
    result: z.custom<{ seq: number; index: number; proof: string; canon: string; checkpointSize: number }>(() => true),
  },
  'proof.consistency': {
    args: z
      .object({
        fromSize: z.number().int().min(1),
        toSize: z.number().int().min(1).optional(),
        log: z.enum(['events', 'journal']).default('events'),
      })
      .strict(),
    result: z.custom<{ fromSize: number; toSize: number; proof: string }>(() => true),
  },
  /** Writes an evidence package folder (docs/evidence.md). */
  'evidence.make': {
    args: z
      .object({
        filter: eventFilterSchema.default({}),
        seqs: z.array(z.number().int().positive()).max(100_000).optional(),
        out: z.string().min(1).max(4096),
        jobId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
      })
      .strict(),
    result: z.custom<EvidenceSummary>(() => true),
  },
} as const;

export interface EvidenceSummary {
  folder: string;
  events: number;
  journalEntries: number;
  manifestSha256: string;
  checkpointSize: number;
}
