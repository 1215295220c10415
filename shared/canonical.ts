// RFC 8785 JSON Canonicalization Scheme. JCS serialises strings and numbers exactly as
// ECMAScript's JSON.stringify does, and sorts members by UTF-16 code units, which is
// what Array.prototype.sort compares by default. Pure: runs in Node and the renderer.
import type { JsonValue } from './event';

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
