// RFC 8785 JSON Canonicalization Scheme. JCS serialises strings and numbers exactly as
// ECMAScript's JSON.stringify does, and sorts members by UTF-16 code units, which is
// what Array.prototype.sort compares by default. Pure: runs in Node and the renderer.
import type { AuditRecord, JsonValue } from './event';

export function canonicalize(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`JCS cannot represent the number ${value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalize(value[i]);
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalize(member);
    first = false;
  }
  return out + '}';
}

const q = JSON.stringify;

/**
 * canon(e) for a valid audit record: the same bytes as canonicalize(record), written member by
 * member in their sorted order (action, actor, details, entity, id, status, timestamp) without
 * the generic key sort. The import hot path; a test pins it to canonicalize().
 */
export function canonicalizeRecord(r: AuditRecord): string {
  const entity =
    r.entity.name === undefined
      ? `{"id":${q(r.entity.id)},"type":${q(r.entity.type)}}`
      : `{"id":${q(r.entity.id)},"name":${q(r.entity.name)},"type":${q(r.entity.type)}}`;
  return (
    `{"action":${q(r.action)},"actor":{"id":${q(r.actor.id)},"type":${q(r.actor.type)}},` +
    `"details":${canonicalize(r.details)},"entity":${entity},"id":${q(r.id)},` +
    `"status":${q(r.status)},"timestamp":${q(r.timestamp)}}`
  );
}
