// One source event, its values already sorted by member, → a valid AuditRecord (integrity.md §1).
// CSV rows and JSON objects both come through here, so every format follows the same rules.
import { createHash } from 'node:crypto';
import { canonicalize } from '../../shared/canonical';
import { deriveColumns, KEY_ID_KEYS, REQUEST_ID_KEYS } from '../../shared/derive';
import type { AuditRecord, JsonValue } from '../../shared/event';
import { checkDetailsObject, detailsFromText, type Details } from './details';
import { FieldProblem, ImportError, quoteValue } from './errors';
import { MEMBER_LABELS, type Member } from '../../shared/fieldNames';
import type { IngestLimits } from './limits';
import { inferActorType, normalizeAction, normalizeActorType, normalizeStatus } from './normalize';
import { normalizeTimestamp, type TimeReading } from './timestamp';

type Value = JsonValue | undefined;
export type SourceMember = Exclude<Member, 'derived'>;

/** A source event before mapping: a value per member, plus what maps to no member. */
export interface RawEvent {
  values: Partial<Record<SourceMember, Value>>;
  /** The source's name for each member given, for messages. */
  names: Partial<Record<SourceMember, string>>;
  /** Source fields that feed no member, by their source name: they land in details. */
  extras: [string, JsonValue][];
}

/** Values with every member present (undefined), so each row's object has one fixed shape. */
export function emptyValues(): RawEvent['values'] {
  return {
    id: undefined,
    timestamp: undefined,
    actor: undefined,
    actorType: undefined,
    action: undefined,
    entity: undefined,
    entityType: undefined,
    entityId: undefined,
    entityName: undefined,
    status: undefined,
    details: undefined,
    requestId: undefined,
    keyId: undefined,
  };
}

export interface BuildContext extends TimeReading {
  file: string;
  limits: IngestLimits;
  /** Characters of the source record, so large details are measured only when they can be too large. */
  sourceChars: number;
}

export function buildRecord(raw: RawEvent, line: number, ctx: BuildContext): AuditRecord {
  let field: SourceMember = 'timestamp';
  const fail = (problem: string, member: SourceMember | null = field): never => {
    throw new ImportError(ctx.file, line, member ? (raw.names[member] ?? MEMBER_LABELS[member]) : null, problem);
  };
  try {
    const v = raw.values;
    const timestamp = normalizeTimestamp(required(v.timestamp, 'timestamp', fail), ctx);

    field = 'action';
    const action = normalizeAction(required(v.action, 'action', fail));

    field = 'status';
    const status = normalizeStatus(required(v.status, 'status', fail));

    field = 'entity';
    const entity = readEntity(raw, fail);

    field = 'actor';
    const actor = readActor(raw, fail);

    field = 'details';
    let details = readDetails(v.details, ctx);
    if (raw.extras.length) details = addExtras(details, raw.extras, raw.names.details ?? 'Details');

    field = 'actorType';
    const actorType =
      actor.type !== undefined ? normalizeActorType(actor.type) : inferActorType(actor.id, action, entity.id);

    const record: AuditRecord = {
      id: '',
      timestamp,
      actor: { id: actor.id, type: actorType },
      action,
      entity,
      status,
      details,
    };

    field = 'requestId';
    reconcileDerived(record, 'requestId', v.requestId, raw, fail);
    field = 'keyId';
    reconcileDerived(record, 'keyId', v.keyId, raw, fail);

    field = 'id';
    record.id = readId(v.id, record);
    return record;
  } catch (err) {
    if (err instanceof FieldProblem) return fail(err.message);
    throw err;
  }
}

function isAbsent(value: Value): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  if (value === '') return true;
  const first = value.charCodeAt(0);
  return (first <= 32 || first >= 127) && value.trim() === ''; // printable ASCII first: not blank, no trim needed
}

function required(value: Value, member: SourceMember, fail: (p: string, m?: SourceMember | null) => never): JsonValue {
  if (isAbsent(value)) return fail(`is missing; every event needs ${MEMBER_LABELS[member]}`, member);
  return value as JsonValue;
}

function text(value: Value, fail: (p: string) => never): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(`${quoteValue(value)} should be text`);
}

function readEntity(raw: RawEvent, fail: (p: string, m?: SourceMember | null) => never): AuditRecord['entity'] {
  const v = raw.values;
  let type: string | undefined;
  let id: string | undefined;
  let name: string | undefined;
  const whole = v.entity;
  if (whole !== null && typeof whole === 'object' && !Array.isArray(whole)) {
    for (const key of Object.keys(whole)) {
      if (key === 'type') type = text(whole.type, fail);
      else if (key === 'id') id = text(whole.id, fail);
      else if (key === 'name') name = text(whole.name, fail);
      else if (whole[key] !== undefined) raw.extras.push([`${raw.names.entity ?? 'entity'}.${key}`, whole[key]]);
    }
  } else if (!isAbsent(whole)) {
    const entityText = text(whole, fail) as string;
    const colon = entityText.indexOf(':');
    if (colon <= 0 || colon === entityText.length - 1) {
      fail(`${quoteValue(entityText)} is not Type:ID (for example Key:key-42)`);
    }
    type = entityText.slice(0, colon).trim();
    id = entityText.slice(colon + 1).trim();
  }
  type = agree(type, text(v.entityType, fail), 'entityType', raw, fail);
  id = agree(id, text(v.entityId, fail), 'entityId', raw, fail);
  name = agree(name, text(v.entityName, fail), 'entityName', raw, fail);
  if (type === undefined || type === '') {
    return fail(
      `is missing; every event needs an entity type (Entity as Type:ID, or Entity Type)`,
      raw.names.entity === undefined ? 'entityType' : 'entity',
    );
  }
  if (id === undefined || id === '') {
    return fail(
      `is missing; every event needs an entity ID (Entity as Type:ID, or Entity ID)`,
      raw.names.entity === undefined ? 'entityId' : 'entity',
    );
  }
  return name === undefined || name === '' ? { type, id } : { type, id, name };
}

/** A member given twice (Entity `Key:k1` and Entity ID `k1`) must say the same thing. */
function agree(
  first: string | undefined,
  second: string | undefined,
  member: SourceMember,
  raw: RawEvent,
  fail: (p: string, m?: SourceMember | null) => never,
): string | undefined {
  if (second === undefined) return first;
  if (first !== undefined && first !== second) {
    return fail(
      `${quoteValue(second)} disagrees with ${quoteValue(first)} from "${raw.names.entity ?? 'Entity'}"`,
      member,
    );
  }
  return second;
}

function readActor(
  raw: RawEvent,
  fail: (p: string, m?: SourceMember | null) => never,
): { id: string; type?: JsonValue } {
  const v = raw.values;
  let id: string | undefined;
  let type: JsonValue | undefined = isAbsent(v.actorType) ? undefined : v.actorType;
  const whole = v.actor;
  if (whole !== null && typeof whole === 'object' && !Array.isArray(whole)) {
    for (const key of Object.keys(whole)) {
      if (key === 'id') id = text(whole.id, fail);
      else if (key === 'type') {
        if (isAbsent(whole.type)) continue;
        if (type !== undefined && type !== whole.type) {
          fail(`${quoteValue(type)} disagrees with the actor's own type ${quoteValue(whole.type)}`, 'actorType');
        }
        type = whole.type;
      } else if (whole[key] !== undefined) raw.extras.push([`${raw.names.actor ?? 'actor'}.${key}`, whole[key]]);
    }
  } else {
    id = text(whole, fail);
  }
  if (id === undefined || id.trim() === '') return fail(`is missing; every event needs an Actor`, 'actor');
  return { id, type };
}

function readDetails(value: Value, ctx: BuildContext): Details {
  if (isAbsent(value)) return {};
  if (typeof value === 'string') return detailsFromText(value, ctx.limits);
  return checkDetailsObject(value, ctx.sourceChars, ctx.limits);
}

/** Source fields that feed no member join details under their own name; a clash must agree. */
function addExtras(details: Details, extras: [string, JsonValue][], detailsName: string): Details {
  const merged: Details = { ...details };
  for (const [name, value] of extras) {
    if (Object.prototype.hasOwnProperty.call(merged, name)) {
      if (canonicalize(merged[name]) === canonicalize(value)) continue;
      throw new FieldProblem(
        `"${name}" is both a field of its own (${quoteValue(value)}) and a key of ${detailsName} (${quoteValue(merged[name])}); remove one`,
      );
    }
    merged[name] = value;
  }
  return merged;
}

/**
 * Request ID / Key ID columns repeat what details say (SignTrail's export derives them). Added to
 * details as `requestId` / `keyId` only when details do not already yield that value, so an
 * export re-imports to the same bytes; a different value already there is a contradiction.
 */
function reconcileDerived(
  record: AuditRecord,
  member: 'requestId' | 'keyId',
  value: Value,
  raw: RawEvent,
  fail: (p: string, m?: SourceMember | null) => never,
): void {
  const given = text(value, fail);
  if (given === undefined) return;
  const inDetails = firstText(record.details, member === 'requestId' ? REQUEST_ID_KEYS : KEY_ID_KEYS);
  if (inDetails === given) return;
  if (inDetails !== null) {
    fail(`${quoteValue(given)} contradicts ${quoteValue(inDetails)} already in ${raw.names.details ?? 'Details'}`);
  }
  // The store derives Key ID from a Key entity when details name none: nothing to add then.
  if (member === 'keyId' && deriveColumns(record).keyId === given) return;
  record.details = { ...record.details, [member]: given };
}

/** The same lookup deriveColumns makes, over details only. */
function firstText(details: Details, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

/** The source's ID, or `sha256:` + SHA-256 of the record's JCS bytes without `id` (integrity.md §1). */
function readId(value: Value, record: AuditRecord): string {
  if (!isAbsent(value)) {
    if (typeof value === 'string') return value;
    // 1e21 and 10e20, or -0 and 0, would become one ID and the second event a duplicate.
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'number') {
      throw new FieldProblem('a numeric ID must be a whole number within ±2^53, and not -0; quote the ID as a string');
    }
    throw new FieldProblem(`${quoteValue(value)} should be text`);
  }
  const { id: _omit, ...withoutId } = record;
  void _omit;
  return (
    'sha256:' +
    createHash('sha256')
      .update(canonicalize(withoutId as unknown as JsonValue))
      .digest('hex')
  );
}
