// ArcSight Common Event Format, one line per stored event:
//   CEF:0|Vendor|Product|Version|Signature ID|Name|Severity|key=value key=value ...
// Header fields escape `\` and `|`; extension values escape `\`, `=`, and write CR and LF as
// `\r` and `\n`, as the CEF implementation guide says. A header field cannot hold a line break
// at all, so one is written as a space there (the same text is in the extension, escaped).
import { categoryOf } from '../../../shared/categories';
import { canonicalize } from '../../../shared/canonical';
import { severity } from './classify';
import { PRODUCT, detailText, epochMillis, type SiemEvent } from './common';

export function cefHeaderField(value: string): string {
  return value.replace(/[\\|]/g, (c) => '\\' + c).replace(/\r\n|[\r\n]/g, ' ');
}

export function cefExtensionValue(value: string): string {
  return value.replace(/[\\=\r\n]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\' + c));
}

/** Extension key order is fixed so that two exports of one store are the same bytes. */
export function toCef(e: SiemEvent, productVersion: string): string {
  const r = e.record;
  const header = [
    'CEF:0',
    cefHeaderField(PRODUCT.vendor_name),
    cefHeaderField(PRODUCT.name),
    cefHeaderField(productVersion),
    cefHeaderField(r.action),
    cefHeaderField(`${r.action} ${r.entity.type} ${r.entity.id}`),
    String(severity(r.action, r.status)),
  ].join('|');
  // [key, value, label]: a custom field (cs1..cs6, cn1) is written with its label, and neither when empty.
  const ext: [string, string | number | null | undefined, string?][] = [
    ['rt', epochMillis(r.timestamp)],
    ['externalId', r.id],
    ['act', r.action],
    ['cat', categoryOf(r.action)],
    ['outcome', r.status],
    [r.actor.type === 'user' ? 'suser' : 'suid', r.actor.id],
    ['cs1', r.actor.type, 'actorType'],
    ['cs2', `${r.entity.type}:${r.entity.id}`, 'entity'],
    ['cs3', e.requestId, 'requestId'],
    ['cs4', e.keyId, 'keyId'],
    ['cs5', e.leafHex, 'leafSha256'],
    ['cs6', canonicalize(r.details), 'details'],
    ['cn1', e.seq, 'seq'],
    ['fname', r.entity.name],
    ['reason', r.status === 'DENIED' ? (detailText(r.details, 'reason') ?? 'DENIED') : undefined],
    ['msg', `${r.action} ${r.entity.type} ${r.entity.id} by ${r.actor.id}: ${r.status}`],
  ];
  const pairs: string[] = [];
  for (const [key, value, label] of ext) {
    if (value === null || value === undefined) continue;
    if (label) pairs.push(`${key}Label=${label}`);
    pairs.push(`${key}=${cefExtensionValue(String(value))}`);
  }
  return `${header}|${pairs.join(' ')}`;
}
