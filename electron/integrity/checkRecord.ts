// One stored event against integrity.md §6.1: its bytes are canonical JCS of a valid record, and
// every derived column agrees with them. Fast paths accept the common case; anything they do not
// accept goes to the reference path (canonicalize + zod), which alone decides a rejection.
import { canonicalize } from '../../shared/canonical';
import { isCanonicalJsonText } from './canonicalText';
import { DERIVED_EVENT_COLUMNS, type DerivedColumnName } from '../store/eventColumns';
import { storeTimeDecimal } from '../store/timeMicros';
import { deriveColumns, type DerivedColumns } from '../../shared/derive';
import {
  ACTION_PATTERN,
  ACTOR_TYPES,
  auditRecordSchema,
  STATUSES,
  TIMESTAMP_PATTERN,
  type AuditRecord,
} from '../../shared/event';

type Expected = (r: AuditRecord, d: DerivedColumns) => string | null;

/** The record value each derived column must equal (every column of DERIVED_EVENT_COLUMNS, by type). */
const EXPECTED: Record<DerivedColumnName, Expected> = {
  event_id: (r) => r.id,
  // Stored as INTEGER microseconds (store/timeMicros.ts), read by the scan as decimal text.
  ts: (_r, d) => storeTimeDecimal(d.timestamp),
  actor_id: (_r, d) => d.actorId,
  actor_type: (_r, d) => d.actorType,
  action: (_r, d) => d.action,
  category: (_r, d) => d.category,
  entity_type: (_r, d) => d.entityType,
  entity_id: (_r, d) => d.entityId,
  entity_name: (_r, d) => d.entityName,
  status: (_r, d) => d.status,
  request_id: (_r, d) => d.requestId,
  key_id: (_r, d) => d.keyId,
};

/** Stored columns checked against the bytes, in table (and SELECT) order, with the record value each must equal. */
export const DERIVED_COLUMNS: readonly (readonly [DerivedColumnName, Expected])[] = DERIVED_EVENT_COLUMNS.map(
  (c) => [c.name, EXPECTED[c.name]] as const,
);

/** Columns that may be NULL; in the joined text they read `!` when NULL and `=value` otherwise. */
const NULLABLE = new Set<string>(DERIVED_EVENT_COLUMNS.filter((c) => c.nullable).map((c) => c.name));
/** Joins the columns in the scan's SQL (JOINED_DERIVED_COLUMNS_SQL); a record string holding it is caught by its JCS escape. */
const SEPARATOR_CODE = 0x1f;
const SEPARATOR_ESCAPED = '\\u001f';
/** In the joined text a nullable column reads `!` when NULL and `=value` otherwise. */
const NULL_MARK = 0x21;
const VALUE_MARK = 0x3d;
const NULLABLE_AT: readonly boolean[] = DERIVED_COLUMNS.map(([name]) => NULLABLE.has(name));

const statuses = new Set<string>(STATUSES);
const actorTypes = new Set<string>(ACTOR_TYPES);
const { hasOwnProperty } = Object.prototype;

/** True only when every object's members are in JCS order (UTF-16 code units, which `<` compares). */
function keysSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysSorted(item)) return false;
    return true;
  }
  let previous: string | null = null;
  for (const key in value) {
    if (previous !== null && !(previous < key)) return false;
    previous = key;
    if (!keysSorted((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * JSON.stringify writes JCS strings and numbers and keeps member order, so when it reproduces the
 * text and every object is sorted, the text is canonical. Integer-like keys break V8's insertion
 * order and simply fall through to canonicalize().
 */
function isCanonical(value: unknown, text: string): boolean {
  if (JSON.stringify(value) === text && keysSorted(value)) return true;
  return canonicalize(value as never) === text;
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** A hand check that accepts only what auditRecordSchema accepts; false means "ask zod". */
function surelyValid(r: Record<string, unknown>): boolean {
  let members = 0;
  for (const key in r) {
    if (!hasOwnProperty.call(r, key)) return false;
    members++;
  }
  const hasName = hasOwnProperty.call(r.entity ?? {}, 'name');
  const actor = r.actor as Record<string, unknown> | null;
  const entity = r.entity as Record<string, unknown> | null;
  const details = r.details;
  return (
    members === 7 &&
    nonEmptyString(r.id) &&
    typeof r.timestamp === 'string' &&
    TIMESTAMP_PATTERN.test(r.timestamp) &&
    typeof r.action === 'string' &&
    ACTION_PATTERN.test(r.action) &&
    typeof r.status === 'string' &&
    statuses.has(r.status) &&
    typeof actor === 'object' &&
    actor !== null &&
    !Array.isArray(actor) &&
    Object.keys(actor).length === 2 &&
    nonEmptyString(actor.id) &&
    typeof actor.type === 'string' &&
    actorTypes.has(actor.type) &&
    typeof entity === 'object' &&
    entity !== null &&
    !Array.isArray(entity) &&
    Object.keys(entity).length === (hasName ? 3 : 2) &&
    nonEmptyString(entity.type) &&
    nonEmptyString(entity.id) &&
    (!hasName || typeof entity.name === 'string') &&
    typeof details === 'object' &&
    details !== null &&
    !Array.isArray(details)
  );
}

function describeSchemaError(record: unknown): string | null {
  const result = auditRecordSchema.safeParse(record);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : 'record';
  return `${field}: ${issue.message}`;
}

/**
 * The scan's fast path: `text` is the stored bytes decoded (already known to hash to the stored
 * leaf and to hold no U+FFFD, so it is exactly those bytes) and `joined` the stored columns as
 * JOINED_DERIVED_COLUMNS_SQL (store/eventColumns) gives them. True only when checkStoredRecord would return null; false means
 * "ask checkStoredRecord", which alone words a finding.
 */
export function storedRecordSurelyRight(text: string, joined: string | null): boolean {
  if (joined === null) return false;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return false;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
  if (!isCanonicalJsonText(text)) return false;
  if (!surelyValid(record as Record<string, unknown>)) return false;
  // Canonical text escapes U+001F, so this proves no value holds the separator and fields align.
  if (text.includes(SEPARATOR_ESCAPED)) return false;
  const valid = record as AuditRecord;
  const derived = deriveColumns(valid);
  // `joined` must equal the columns' expected values joined as JOINED_DERIVED_COLUMNS_SQL joins
  // them; matched piece by piece in place, which is the same comparison without building the string.
  let at = 0;
  for (let i = 0; i < DERIVED_COLUMNS.length; i++) {
    if (i > 0) {
      if (joined.charCodeAt(at) !== SEPARATOR_CODE) return false;
      at++;
    }
    const value = DERIVED_COLUMNS[i][1](valid, derived);
    if (NULLABLE_AT[i]) {
      if (value === null) {
        if (joined.charCodeAt(at) !== NULL_MARK) return false;
        at++;
        continue;
      }
      if (joined.charCodeAt(at) !== VALUE_MARK) return false;
      at++;
    }
    if (value === null || !joined.startsWith(value, at)) return false;
    at += value.length;
  }
  return at === joined.length;
}

/**
 * Checks one row: `canon` (the stored bytes) and `columns` (the stored derived columns, in
 * DERIVED_COLUMNS order). Returns null when all agree, or a sentence saying what does not.
 */
export function checkStoredRecord(canon: Buffer, columns: readonly unknown[]): string | null {
  const text = canon.toString('utf8');
  // U+FFFD is how invalid UTF-8 decodes; only then is the byte-exact round trip worth its cost.
  if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(canon))
    return 'the stored bytes are not valid UTF-8';
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return 'the stored bytes are not JSON';
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    return 'the stored bytes are not a JSON object';
  if (!isCanonical(record, text)) return 'the stored bytes are not in canonical (JCS) form';
  if (!surelyValid(record as Record<string, unknown>)) {
    const problem = describeSchemaError(record);
    if (problem) return `the stored record is not valid (${problem})`;
  }
  const valid = record as AuditRecord;
  const derived = deriveColumns(valid);
  for (let i = 0; i < DERIVED_COLUMNS.length; i++) {
    const [name, expected] = DERIVED_COLUMNS[i];
    const want = expected(valid, derived);
    if (columns[i] !== want) {
      return `column ${name} is ${JSON.stringify(columns[i])} but the stored bytes say ${JSON.stringify(want)}`;
    }
  }
  return null;
}
