// OCSF 1.x: one event object per stored event (docs/siem.md gives the mapping field by field).
import type { JsonValue } from '../../../shared/event';
import { OCSF_CATEGORY_NAMES, ocsfClass, ocsfSeverity, severity } from './classify';
import { PRODUCT, epochMillis, signtrailFields, type SiemEvent } from './common';

/** The OCSF schema version the objects follow; only members that 1.0-1.x all define are written. */
export const OCSF_VERSION = '1.1.0';

const STATUS_IDS = { SUCCESS: [1, 'Success'], FAILURE: [2, 'Failure'], DENIED: [2, 'Failure'] } as const;

/** OCSF user.type_id: 1 User, 3 System, 99 Other (a service account or an agent, named in `type`). */
const USER_TYPES = {
  user: [1, 'User'],
  system: [3, 'System'],
  service: [99, 'Service'],
  agent: [99, 'Agent'],
} as const;

export function toOcsf(e: SiemEvent, productVersion: string): Record<string, JsonValue> {
  const r = e.record;
  const cls = ocsfClass(r.action);
  const categoryUid = Math.floor(cls.classUid / 1000);
  const [statusId, status] = STATUS_IDS[r.status];
  const level = severity(r.action, r.status);
  const sev = ocsfSeverity(level);
  const [userTypeId, userType] = USER_TYPES[r.actor.type];
  const entity: Record<string, JsonValue> = { uid: r.entity.id, type: r.entity.type };
  if (r.entity.name !== undefined) entity.name = r.entity.name;
  const out: Record<string, JsonValue> = {
    activity_id: cls.activityId,
    activity_name: cls.activityName,
    category_uid: categoryUid,
    category_name: OCSF_CATEGORY_NAMES[categoryUid],
    class_uid: cls.classUid,
    class_name: cls.className,
    type_uid: cls.classUid * 100 + cls.activityId,
    type_name: `${cls.className}: ${cls.activityName}`,
    time: epochMillis(r.timestamp),
    severity_id: sev.id,
    severity: sev.name,
    status_id: statusId,
    status,
    message: `${r.action} ${r.entity.type} ${r.entity.id}`,
    actor: { user: { uid: r.actor.id, name: r.actor.id, type_id: userTypeId, type: userType } },
    metadata: {
      version: OCSF_VERSION,
      product: { ...PRODUCT, version: productVersion },
      uid: r.id,
      sequence: e.seq,
      original_time: r.timestamp,
      log_name: 'signtrail',
      labels: [`signtrail_leaf_sha256:${e.leafHex}`, `signtrail_category:${e.category}`],
      ...(e.requestId !== null ? { correlation_uid: e.requestId } : {}),
    },
    raw_data: e.canon,
    unmapped: { signtrail: signtrailFields(e) },
  };
  if (r.status === 'DENIED') out.status_detail = 'DENIED';
  if (r.status !== 'SUCCESS') out.status_code = r.status;
  switch (cls.classUid) {
    case 3004:
      out.entity = entity;
      break;
    case 6003:
      out.api = { operation: r.action, ...(e.requestId !== null ? { request: { uid: e.requestId } } : {}) };
      out.resources = [entity];
      break;
    case 3002:
    case 3001:
      out.user = { uid: r.entity.id, name: r.entity.name ?? r.entity.id };
      break;
    case 6002:
      out.app = { uid: r.entity.id, name: r.entity.name ?? r.entity.id };
      break;
  }
  return out;
}
