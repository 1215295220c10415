// One JSON object (a JSON array element, an NDJSON line, a sync page item) → an AuditRecord.
// Accepts the record shape of integrity.md §1 and flat platform-style objects.
import type { AuditRecord, JsonValue } from '../../shared/event';
import { buildRecord, emptyValues, type BuildContext, type RawEvent, type SourceMember } from './buildRecord';
import { ImportError } from './errors';
import { memberOf } from '../../shared/fieldNames';
import { resolveLimits, type IngestLimits } from './limits';
import { zoneForImport } from './timeZone';
import { canonicalize } from '../../shared/canonical';

export interface RecordOptions {
  /** IANA zone for times without an offset; default UTC. */
  assumeTz?: string;
  /** Called once per record that had a zone-less time, with the zone it was read in. */
  onZoneAssumed?: (zone: string) => void;
  limits?: Partial<IngestLimits>;
  /** Characters of the object's source text, when known (lets large details be measured only when needed). */
  sourceChars?: number;
}

export function recordFromObject(
  obj: Record<string, unknown>,
  where: { file: string; line: number },
  opts: RecordOptions = {},
): AuditRecord {
  return recordFromParsedObject(obj, where.line, recordContext(where.file, opts));
}

/** The context recordFromParsedObject needs, built once for many objects of one source. */
export function recordContext(file: string, opts: RecordOptions = {}): BuildContext {
  const zone = zoneForImport(opts.assumeTz, file);
  return {
    file,
    limits: resolveLimits(opts.limits),
    sourceChars: opts.sourceChars ?? Infinity,
    zone,
    onZoneAssumed: () => opts.onZoneAssumed?.(zone.name),
  };
}

/** The streaming readers' entry: the context is built once per file. */
export function recordFromParsedObject(obj: Record<string, unknown>, line: number, ctx: BuildContext): AuditRecord {
  const raw: RawEvent = { values: emptyValues(), names: {}, extras: [] };
  for (const key of Object.keys(obj)) {
    const value = obj[key] as JsonValue | undefined;
    if (value === undefined) continue;
    const member = memberOf(key);
    if (member === 'derived') continue;
    if (member === null) {
      raw.extras.push([key, value]);
      continue;
    }
    setMember(raw, member, key, value, line, ctx.file);
  }
  return buildRecord(raw, line, ctx);
}

function setMember(
  raw: RawEvent,
  member: SourceMember,
  key: string,
  value: JsonValue,
  line: number,
  file: string,
): void {
  const earlier = raw.names[member];
  if (earlier !== undefined) {
    const before = raw.values[member];
    if (before === null || value === null || canonicalize(before as JsonValue) === canonicalize(value)) {
      if (before === null) raw.values[member] = value;
      return;
    }
    throw new ImportError(
      file,
      line,
      key,
      `gives a different value from "${earlier}"; both name the same thing, keep one`,
    );
  }
  raw.names[member] = key;
  raw.values[member] = value;
}
