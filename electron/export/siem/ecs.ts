// Elastic Common Schema (Elastic and OpenSearch): one document per stored event. The ECS
// fields an analyst queries by are filled where the event carries them; everything SignTrail
// knows is kept under `signtrail.*`, and `event.original` holds the stored bytes.
import type { JsonValue } from '../../../shared/event';
import { ecsClass, severity } from './classify';
import { detailNumber, detailText, signtrailFields, type SiemEvent } from './common';

export const ECS_VERSION = '8.11.0';

const OUTCOMES = { SUCCESS: 'success', FAILURE: 'failure', DENIED: 'failure' } as const;

type Obj = Record<string, JsonValue>;

function compact(obj: Record<string, JsonValue | undefined>): Obj | undefined {
  const out: Obj = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length ? out : undefined;
}

/** ECS hash field names for the digest names the platform writes. */
const HASH_FIELDS: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  'sha-1': 'sha1',
  sha256: 'sha256',
  'sha-256': 'sha256',
  sha384: 'sha384',
  'sha-384': 'sha384',
  sha512: 'sha512',
  'sha-512': 'sha512',
};

function x509(e: SiemEvent): Obj | undefined {
  const r = e.record;
  const d = r.details;
  const isCert = e.category === 'certificate';
  return compact({
    serial_number: isCert ? r.entity.id : detailText(d, 'serialNumber', 'serial'),
    subject: compact({ distinguished_name: isCert ? r.entity.name : detailText(d, 'subject') }),
    issuer: compact({ distinguished_name: detailText(d, 'issuer') }),
    not_before: detailText(d, 'notBefore'),
    not_after: detailText(d, 'notAfter'),
    public_key_algorithm: isCert || e.category === 'key_lifecycle' ? detailText(d, 'algorithm') : undefined,
    public_key_size: isCert || e.category === 'key_lifecycle' ? detailNumber(d, 'keySize') : undefined,
  });
}

function codeSignature(e: SiemEvent): Obj | undefined {
  if (e.category !== 'signing') return undefined;
  const d = e.record.details;
  return compact({
    exists: true,
    status: e.record.status,
    subject_name: detailText(d, 'signer', 'subject'),
    digest_algorithm: detailText(d, 'digestAlgorithm'),
    valid: e.record.action === 'SIGNATURE_VERIFIED' ? e.record.status === 'SUCCESS' : undefined,
  });
}

function file(e: SiemEvent): Obj | undefined {
  if (e.category !== 'signing') return undefined;
  const d = e.record.details;
  const algorithm = (detailText(d, 'digestAlgorithm') ?? '').toLowerCase();
  const digest = detailText(d, 'digest', 'hash', 'artifactDigest');
  const field = HASH_FIELDS[algorithm];
  return compact({
    name: detailText(d, 'artifact'),
    hash: field && digest ? { [field]: digest } : undefined,
  });
}

function actor(e: SiemEvent): Obj {
  const { id, type } = e.record.actor;
  if (type === 'user') return { user: { id, name: id } };
  return { service: { id, name: id, type } };
}

export function toEcs(e: SiemEvent): Obj {
  const r = e.record;
  const cls = ecsClass(r.action);
  const event: Obj = {
    kind: 'event',
    id: r.id,
    action: r.action,
    ...(cls.category.length ? { category: cls.category } : {}),
    type: cls.type,
    outcome: OUTCOMES[r.status],
    severity: severity(r.action, r.status),
    sequence: e.seq,
    dataset: 'signtrail.audit',
    module: 'signtrail',
    original: e.canon,
  };
  if (r.status === 'DENIED') {
    const reason = detailText(r.details, 'reason', 'policyReason');
    event.reason = reason ? `DENIED: ${reason}` : 'DENIED';
  }
  const out: Obj = {
    '@timestamp': r.timestamp,
    ecs: { version: ECS_VERSION },
    event,
    message: `${r.action} ${r.entity.type} ${r.entity.id}`,
    ...actor(e),
  };
  const cert = x509(e);
  if (cert) out.x509 = cert;
  const signature = codeSignature(e);
  if (signature) out.code_signature = signature;
  const artifact = file(e);
  if (artifact) out.file = artifact;
  if (e.requestId !== null) out.trace = { id: e.requestId };
  out.signtrail = signtrailFields(e);
  return out;
}
