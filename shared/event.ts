// The audit record of integrity.md §1 and the row shape every door shows.
// Imports nothing from Node, Electron or the DOM.
import { z } from 'zod';

export const STATUSES = ['SUCCESS', 'FAILURE', 'DENIED'] as const;
export type Status = (typeof STATUSES)[number];

export const ACTOR_TYPES = ['user', 'service', 'system', 'agent'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, UTC, exactly six fractional digits. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const ACTION_PATTERN = /^[A-Z][A-Z0-9_]*$/;

export interface AuditRecord {
  id: string;
  timestamp: string;
  actor: { id: string; type: ActorType };
  action: string;
  entity: { type: string; id: string; name?: string };
  status: Status;
  details: { [key: string]: JsonValue };
}

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

/** The record exactly as hashed: no extra members, optional members absent rather than null. */
export const auditRecordSchema = z
  .object({
    id: z.string().min(1),
    timestamp: z.string().regex(TIMESTAMP_PATTERN, 'timestamp must be YYYY-MM-DDTHH:MM:SS.ffffffZ'),
    actor: z.object({ id: z.string().min(1), type: z.enum(ACTOR_TYPES) }).strict(),
    action: z.string().regex(ACTION_PATTERN, 'action must be UPPER_SNAKE_CASE'),
    entity: z.object({ type: z.string().min(1), id: z.string().min(1), name: z.string().optional() }).strict(),
    status: z.enum(STATUSES),
    details: z.record(z.string(), jsonValue),
  })
  .strict();

/** One stored event as the grid, detail view, CLI and exports see it. */
export interface EventRow {
  seq: number;
  id: string;
  timestamp: string;
  actorId: string;
  actorType: ActorType;
  action: string;
  category: string;
  entityType: string;
  entityId: string;
  entityName: string | null;
  status: Status;
  requestId: string | null;
  keyId: string | null;
  /** A one-line digest of details for the grid. */
  summary: string;
  importId: number;
  sourceFile: string;
  sourceLine: number;
}

/** Everything the detail view shows about one event. */
export interface EventDetail extends EventRow {
  details: { [key: string]: JsonValue };
  /** canon(e) as UTF-8 text: the stored bytes. */
  canonical: string;
  leafHex: string;
  chainHex: string;
}
