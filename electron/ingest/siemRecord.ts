// OCSF and ECS NDJSON lines (docs/siem.md) → AuditRecords. A line that carries the original
// event (OCSF `raw_data`, ECS `event.original`) gives that record exactly, so an export taken to a
// SIEM and back re-imports as the same events; its mapped fields must agree with it, or the line
// is refused naming the field. A line without the original is mapped from its fields. Every value
// is hostile: each is type-checked before use, and errors name the file, line and field.
import type { AuditRecord, JsonValue } from '../../shared/event';
import type { BuildContext } from './buildRecord';
import { ImportError, quoteValue } from './errors';
import { recordFromParsedObject } from './recordFromObject';
import { parseStrictJson, StrictJsonProblem } from './strictJson';
import { firstDisagreement } from './siemOriginal';
import { recordProblem } from './validateRecord';

export type SiemFormat = 'ocsf' | 'ecs';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Which SIEM shape an object has, or null: OCSF by class_uid and metadata, ECS by @timestamp and event. */
export function siemShape(value: unknown): SiemFormat | null {
  if (!isObj(value)) return null;
  if (typeof value.class_uid === 'number' && isObj(value.metadata)) return 'ocsf';
  if ('@timestamp' in value && isObj(value.event)) return 'ecs';
  return null;
}

/** Reads values by dotted path, refusing wrong types with the path as the field. */
class Fields {
  constructor(
    private readonly obj: Obj,
    private readonly line: number,
    private readonly ctx: BuildContext,
  ) {}

  fail(field: string, problem: string): never {
    throw new ImportError(this.ctx.file, this.line, field, problem);
  }

  get(path: string): unknown {
    let at: unknown = this.obj;
    for (const part of path.split('.')) {
      if (!isObj(at)) return undefined;
      at = Object.prototype.hasOwnProperty.call(at, part) ? at[part] : undefined;
    }
    return at;
  }

  /** The raw value at a path whose last segment itself holds a dot (ECS `@timestamp` has none, but keep it simple). */
  top(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.obj, key) ? this.obj[key] : undefined;
  }

  string(path: string, value = this.get(path)): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(path, `must be a string, not ${quoteValue(value)}`);
    return value;
  }

  number(path: string, value = this.get(path)): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      this.fail(path, `must be a number, not ${quoteValue(value)}`);
    return value;
  }

  object(path: string): Obj | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (!isObj(value)) this.fail(path, `must be an object, not ${quoteValue(value)}`);
    return value;
  }
}

/** The original event a line carries: strict JSON, exactly the record shape. */
function originalRecord(text: string, field: string, f: Fields): AuditRecord {
  let value: unknown;
  try {
    value = parseStrictJson(text);
  } catch (err) {
    const why = err instanceof StrictJsonProblem ? err.problem : (err as Error).message;
    f.fail(field, `does not hold a valid JSON event (${why})`);
  }
  const problem = recordProblem(value);
  if (problem) f.fail(field, `does not hold a SignTrail event: ${problem}`);
  return value as AuditRecord;
}

/** Every mapped field of a line that carries its original must agree with it (siemOriginal.ts). */
function agreeWithOriginal(f: Fields, format: SiemFormat, obj: Obj, record: AuditRecord, original: string): void {
  const wrong = firstDisagreement(format, obj, record);
  if (!wrong) return;
  const [field, given, expected] = wrong;
  f.fail(
    field,
    `is ${quoteValue(given)} but the original event in ${original} ` +
      (expected === undefined ? 'gives no such field' : `says ${quoteValue(expected)}`) +
      '; the line was changed after export, so it is refused',
  );
}

/** A flat object the common mapper reads, and for each of its keys the SIEM field it came from. */
function mapped(
  flat: Record<string, JsonValue | undefined>,
  sources: Record<string, string>,
  line: number,
  ctx: BuildContext,
): AuditRecord {
  const obj: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(flat)) if (value !== undefined) obj[key] = value;
  try {
    return recordFromParsedObject(obj, line, ctx);
  } catch (err) {
    if (err instanceof ImportError && err.field !== null) {
      const source =
        sources[err.field] ??
        Object.entries(sources).find(([k]) => k.toLowerCase() === err.field!.replace(/\s/g, '').toLowerCase())?.[1];
      throw new ImportError(err.file, err.line, source ?? err.field, err.problem);
    }
    throw err;
  }
}

const STATUS_BY_OCSF: Record<number, string> = { 1: 'SUCCESS', 2: 'FAILURE' };
const ACTOR_TYPE_BY_OCSF: Record<string, string> = {
  User: 'user',
  System: 'system',
  Service: 'service',
  Agent: 'agent',
};

export function recordFromOcsf(obj: Obj, line: number, ctx: BuildContext): AuditRecord {
  const f = new Fields(obj, line, ctx);
  const raw = f.string('raw_data');
  const time = f.number('time');
  const statusId = f.number('status_id');
  const uid = f.string('metadata.uid');
  const seqOrigin = f.object('unmapped.signtrail');
  if (raw !== undefined) {
    const record = originalRecord(raw, 'raw_data', f);
    agreeWithOriginal(f, 'ocsf', obj, record, 'raw_data');
    return record;
  }
  // No original: SignTrail's own namespace first, then the OCSF fields any producer fills.
  const st = seqOrigin ? 'unmapped.signtrail.' : null;
  const pick = (own: string, ...ocsf: string[]): [string | undefined, string] => {
    for (const path of [...(st ? [st + own] : []), ...ocsf]) {
      const value = f.string(path);
      if (value !== undefined) return [value, path];
    }
    return [undefined, ocsf[0] ?? (st ? st + own : own)];
  };
  const [actor, actorPath] = pick('actor.id', 'actor.user.uid', 'actor.user.name');
  const [actorTypeOwn, actorTypePath] = pick('actor.type');
  const userType = f.string('actor.user.type');
  const actorType = actorTypeOwn ?? (userType !== undefined ? ACTOR_TYPE_BY_OCSF[userType] : undefined);
  const [action, actionPath] = pick('action', 'api.operation', 'metadata.event_code');
  const entityObj =
    (st && f.object(st + 'entity')) || f.object('entity') || firstResource(f) || f.object('user') || f.object('app');
  const entityPath = st && f.object(st + 'entity') ? st + 'entity' : 'entity';
  const [statusOwn, statusPath] = pick('status');
  const status =
    statusOwn ??
    (statusId === undefined
      ? undefined
      : f.string('status_detail') === 'DENIED'
        ? 'DENIED'
        : (STATUS_BY_OCSF[statusId] ??
          f.fail('status_id', `is ${statusId}; only 1 (Success) and 2 (Failure) say what happened`)));
  const details = st ? f.object(st + 'details') : undefined;
  return mapped(
    {
      id: uid,
      timestamp: f.string('metadata.original_time') ?? (time !== undefined ? new Date(time).toISOString() : undefined),
      actor,
      actorType,
      action,
      entityType: entityObj ? f.string(entityPath + '.type', entityObj.type) : undefined,
      entityId: entityObj ? f.string(entityPath + '.uid', entityObj.uid ?? entityObj.id) : undefined,
      entityName: entityObj ? f.string(entityPath + '.name', entityObj.name) : undefined,
      status,
      details: (details ?? {}) as JsonValue,
    },
    {
      id: 'metadata.uid',
      timestamp: f.get('metadata.original_time') !== undefined ? 'metadata.original_time' : 'time',
      actor: actorPath,
      actorType: actorTypePath,
      action: actionPath,
      entityType: entityPath + '.type',
      entityId: entityPath + '.uid',
      entityName: entityPath + '.name',
      status: statusOwn !== undefined ? statusPath : 'status_id',
      details: st ? st + 'details' : 'unmapped.signtrail.details',
    },
    line,
    ctx,
  );
}

function firstResource(f: Fields): Obj | undefined {
  const list = f.get('resources');
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) f.fail('resources', 'must be an array of objects');
  const first = (list as unknown[])[0];
  if (first === undefined) return undefined;
  if (!isObj(first)) f.fail('resources.0', 'must be an object');
  return first as Obj;
}

export function recordFromEcs(obj: Obj, line: number, ctx: BuildContext): AuditRecord {
  const f = new Fields(obj, line, ctx);
  const original = f.string('event.original');
  const timestamp = f.string('@timestamp', f.top('@timestamp'));
  const outcome = f.string('event.outcome');
  if (original !== undefined) {
    const record = originalRecord(original, 'event.original', f);
    agreeWithOriginal(f, 'ecs', obj, record, 'event.original');
    return record;
  }
  const own = f.object('signtrail');
  const actorId =
    f.string('signtrail.actor.id') ??
    f.string('user.id') ??
    f.string('user.name') ??
    f.string('service.id') ??
    f.string('service.name');
  const actorPath =
    f.get('signtrail.actor.id') !== undefined
      ? 'signtrail.actor.id'
      : f.get('user') !== undefined
        ? 'user.id'
        : 'service.id';
  const actorType =
    f.string('signtrail.actor.type') ?? (f.get('user') !== undefined ? 'user' : f.string('service.type'));
  const reason = f.string('event.reason');
  const status =
    f.string('signtrail.status') ??
    (outcome === undefined
      ? undefined
      : outcome === 'success'
        ? 'SUCCESS'
        : outcome === 'failure'
          ? reason?.startsWith('DENIED')
            ? 'DENIED'
            : 'FAILURE'
          : f.fail('event.outcome', `is ${quoteValue(outcome)}; only success and failure say what happened`));
  return mapped(
    {
      id: f.string('event.id'),
      timestamp,
      actor: actorId,
      actorType,
      action: f.string('event.action'),
      entityType: f.string('signtrail.entity.type'),
      entityId: f.string('signtrail.entity.id'),
      entityName: f.string('signtrail.entity.name'),
      status,
      details: (own ? (f.object('signtrail.details') ?? {}) : {}) as JsonValue,
    },
    {
      id: 'event.id',
      timestamp: '@timestamp',
      actor: actorPath,
      actorType: 'signtrail.actor.type',
      action: 'event.action',
      entityType: 'signtrail.entity.type',
      entityId: 'signtrail.entity.id',
      entityName: 'signtrail.entity.name',
      status: f.get('signtrail.status') !== undefined ? 'signtrail.status' : 'event.outcome',
      details: 'signtrail.details',
    },
    line,
    ctx,
  );
}
