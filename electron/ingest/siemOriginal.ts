// An OCSF or ECS line that carries the original event imports that original; so every field the
// line maps must say what the original says, or an analyst reading the line (in a SIEM, or in the
// file) sees another event than the one imported. The line is compared with what SignTrail's own
// export writes for the original, field by field, and with the fields the import mapper reads
// (docs/siem.md): a difference is refused naming the field.
import { canonicalize } from '../../shared/canonical';
import type { AuditRecord, JsonValue } from '../../shared/event';
import { toEcs } from '../export/siem/ecs';
import { siemEvent } from '../export/siem/common';
import { toOcsf } from '../export/siem/ocsf';
import { leafHash } from '../integrity/hash';
import type { SiemFormat } from './siemRecord';

/** Not the event's fields: the store position it was exported from, and the writer's versions. */
const NOT_OF_THE_EVENT: Record<SiemFormat, string[]> = {
  ocsf: ['raw_data', 'metadata.sequence', 'unmapped.signtrail.seq', 'metadata.version', 'metadata.product'],
  ecs: ['event.original', 'event.sequence', 'signtrail.seq', 'ecs.version'],
};

/**
 * Fields the mapper reads when a line has no original (siemRecord.ts): present in a line, they
 * must also be fields the export of the original writes, with the same value.
 */
const READ_BY_THE_MAPPER: Record<SiemFormat, string[]> = {
  ocsf: [
    'time',
    'status_id',
    'status_detail',
    'metadata.uid',
    'metadata.original_time',
    'metadata.event_code',
    'actor',
    'api.operation',
    'entity',
    'resources',
    'user',
    'app',
    'unmapped.signtrail',
  ],
  ecs: ['@timestamp', 'event.id', 'event.action', 'event.outcome', 'event.reason', 'user', 'service', 'signtrail'],
};

type Leaf = [path: string, value: JsonValue];

function leaves(value: unknown, prefix: string, out: Leaf[]): Leaf[] {
  const children = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : null;
  if (children === null || children.length === 0) out.push([prefix, value as JsonValue]);
  else for (const [key, child] of children) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** The value at a dotted path (array indexes as segments); undefined where there is none. */
function at(obj: unknown, path: string): unknown {
  let value = obj;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const under = (path: string, prefixes: readonly string[]) =>
  prefixes.some((p) => path === p || path.startsWith(p + '.'));

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/**
 * The first field of `line` that disagrees with the export of `record`, as [field, given, expected],
 * or null. A field the line leaves out is no disagreement (a SIEM may drop fields); a field the
 * line adds that the mapper reads, and the export of the original does not write, is one.
 */
export function firstDisagreement(
  format: SiemFormat,
  line: Record<string, unknown>,
  record: AuditRecord,
): [string, unknown, unknown] | null {
  const canon = Buffer.from(canonicalize(record as unknown as JsonValue), 'utf8');
  const seq = format === 'ocsf' ? at(line, 'metadata.sequence') : at(line, 'event.sequence');
  const event = siemEvent({ seq: typeof seq === 'number' ? seq : 0, canon, leaf: leafHash(canon) });
  const expected = format === 'ocsf' ? toOcsf(event, '') : toEcs(event);
  const skip = NOT_OF_THE_EVENT[format];
  for (const [path, value] of leaves(expected, '', [])) {
    if (under(path, skip)) continue;
    const given = at(line, path);
    if (given !== undefined && given !== null && !same(given, value)) return [path, given, value];
  }
  for (const [path, given] of leaves(line, '', [])) {
    if (given === null || under(path, skip) || !under(path, READ_BY_THE_MAPPER[format])) continue;
    if (at(expected, path) === undefined) return [path, given, undefined];
  }
  return null;
}
