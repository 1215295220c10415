// How a SignTrail action is classed in the SIEM formats: the OCSF class and activity, the ECS
// category and type, and one severity that OCSF and CEF share. One table, so the three formats
// cannot disagree; docs/siem.md gives the reason for each row.
import { categoryOf, type Category } from '../../../shared/categories';
import type { Status } from '../../../shared/event';

export interface OcsfClass {
  classUid: number;
  className: string;
  activityId: number;
  activityName: string;
}

const ENTITY_MANAGEMENT = { classUid: 3004, className: 'Entity Management' };
const ACCOUNT_CHANGE = { classUid: 3001, className: 'Account Change' };
const AUTHENTICATION = { classUid: 3002, className: 'Authentication' };
const APP_LIFECYCLE = { classUid: 6002, className: 'Application Lifecycle' };
const API_ACTIVITY = { classUid: 6003, className: 'API Activity' };
const BASE_EVENT = { classUid: 0, className: 'Base Event' };

export const OCSF_CATEGORY_NAMES: Record<number, string> = {
  0: 'Uncategorized',
  3: 'Identity & Access Management',
  6: 'Application Activity',
};

type Activity = [number, string];
const CREATE: Activity = [1, 'Create'];
const READ: Activity = [2, 'Read'];
const UPDATE: Activity = [3, 'Update'];
const DELETE: Activity = [4, 'Delete'];
const OTHER: Activity = [99, 'Other'];

/** Actions the platform documents; anything else falls back by category below. */
const OCSF_BY_ACTION: Record<string, [{ classUid: number; className: string }, Activity]> = {
  KEY_GENERATED: [ENTITY_MANAGEMENT, CREATE],
  KEY_IMPORTED: [ENTITY_MANAGEMENT, CREATE],
  KEY_ROTATED: [ENTITY_MANAGEMENT, UPDATE],
  KEY_REVOKED: [ENTITY_MANAGEMENT, [9, 'Disable']],
  KEY_ACTIVATED: [ENTITY_MANAGEMENT, [10, 'Activate']],
  KEY_DEACTIVATED: [ENTITY_MANAGEMENT, [11, 'Deactivate']],
  KEY_DESTROYED: [ENTITY_MANAGEMENT, DELETE],
  CERTIFICATE_UPLOADED: [ENTITY_MANAGEMENT, CREATE],
  CERTIFICATE_ACTIVATED: [ENTITY_MANAGEMENT, [10, 'Activate']],
  CERTIFICATE_EXPIRED: [ENTITY_MANAGEMENT, [11, 'Deactivate']],
  CERTIFICATE_REVOKED: [ENTITY_MANAGEMENT, [9, 'Disable']],
  CERTIFICATE_RENEWED: [ENTITY_MANAGEMENT, UPDATE],
  POLICY_CREATED: [ENTITY_MANAGEMENT, CREATE],
  POLICY_UPDATED: [ENTITY_MANAGEMENT, UPDATE],
  POLICY_DELETED: [ENTITY_MANAGEMENT, DELETE],
  SIGNING_REQUESTED: [API_ACTIVITY, CREATE],
  SIGNING_OPERATION: [API_ACTIVITY, CREATE],
  SIGNING_COMPLETED: [API_ACTIVITY, CREATE],
  SIGNING_FAILED: [API_ACTIVITY, CREATE],
  SIGNATURE_VERIFIED: [API_ACTIVITY, READ],
  POLICY_EVALUATED: [API_ACTIVITY, READ],
  POLICY_VIOLATION: [API_ACTIVITY, OTHER],
  APPROVAL_REQUESTED: [API_ACTIVITY, CREATE],
  APPROVAL_GRANTED: [API_ACTIVITY, UPDATE],
  APPROVAL_DENIED: [API_ACTIVITY, UPDATE],
  USER_LOGIN: [AUTHENTICATION, [1, 'Logon']],
  USER_LOGIN_FAILED: [AUTHENTICATION, [1, 'Logon']],
  USER_LOGOUT: [AUTHENTICATION, [2, 'Logoff']],
  USER_CREATED: [ACCOUNT_CHANGE, CREATE],
  USER_DELETED: [ACCOUNT_CHANGE, [6, 'Delete']],
  USER_ROLE_CHANGED: [ACCOUNT_CHANGE, OTHER],
  AGENT_REGISTERED: [APP_LIFECYCLE, [1, 'Install']],
  AGENT_CONNECTED: [APP_LIFECYCLE, [3, 'Start']],
  AGENT_DISCONNECTED: [APP_LIFECYCLE, [4, 'Stop']],
  AGENT_UPDATED: [APP_LIFECYCLE, [8, 'Update']],
  AGENT_HEARTBEAT: [APP_LIFECYCLE, OTHER],
  SYSTEM_STARTED: [APP_LIFECYCLE, [3, 'Start']],
  SYSTEM_STOPPED: [APP_LIFECYCLE, [4, 'Stop']],
  SYSTEM_CONFIG_CHANGED: [APP_LIFECYCLE, [8, 'Update']],
  SYSTEM_BACKUP: [APP_LIFECYCLE, OTHER],
  HSM_CONNECTED: [APP_LIFECYCLE, [3, 'Start']],
};

const OCSF_BY_CATEGORY: Record<Category, { classUid: number; className: string }> = {
  signing: API_ACTIVITY,
  policy: API_ACTIVITY,
  key_lifecycle: ENTITY_MANAGEMENT,
  certificate: ENTITY_MANAGEMENT,
  user_activity: ACCOUNT_CHANGE,
  agent: APP_LIFECYCLE,
  system: APP_LIFECYCLE,
  other: BASE_EVENT,
};

export function ocsfClass(action: string): OcsfClass {
  const known = OCSF_BY_ACTION[action];
  const [cls, [activityId, activityName]] = known ?? [OCSF_BY_CATEGORY[categoryOf(action)], OTHER];
  return { ...cls, activityId, activityName };
}

export interface EcsClass {
  category: string[];
  type: string[];
}

const ECS_BY_ACTION: Record<string, EcsClass> = {
  USER_LOGIN: { category: ['authentication', 'session'], type: ['start'] },
  USER_LOGIN_FAILED: { category: ['authentication'], type: ['start'] },
  USER_LOGOUT: { category: ['authentication', 'session'], type: ['end'] },
  USER_CREATED: { category: ['iam'], type: ['user', 'creation'] },
  USER_DELETED: { category: ['iam'], type: ['user', 'deletion'] },
  USER_ROLE_CHANGED: { category: ['iam'], type: ['user', 'change'] },
  KEY_GENERATED: { category: ['iam'], type: ['creation'] },
  KEY_IMPORTED: { category: ['iam'], type: ['creation'] },
  KEY_DESTROYED: { category: ['iam'], type: ['deletion'] },
  CERTIFICATE_UPLOADED: { category: ['iam'], type: ['creation'] },
  POLICY_CREATED: { category: ['configuration'], type: ['creation'] },
  POLICY_UPDATED: { category: ['configuration'], type: ['change'] },
  POLICY_DELETED: { category: ['configuration'], type: ['deletion'] },
  POLICY_EVALUATED: { category: ['configuration'], type: ['access'] },
  POLICY_VIOLATION: { category: ['configuration'], type: ['access'] },
  APPROVAL_REQUESTED: { category: ['iam'], type: ['admin'] },
  APPROVAL_GRANTED: { category: ['iam'], type: ['admin'] },
  APPROVAL_DENIED: { category: ['iam'], type: ['admin'] },
  AGENT_CONNECTED: { category: ['host'], type: ['start'] },
  AGENT_DISCONNECTED: { category: ['host'], type: ['end'] },
  SYSTEM_STARTED: { category: ['host'], type: ['start'] },
  SYSTEM_STOPPED: { category: ['host'], type: ['end'] },
  HSM_CONNECTED: { category: ['host'], type: ['start'] },
  SYSTEM_CONFIG_CHANGED: { category: ['configuration'], type: ['change'] },
};

const ECS_BY_CATEGORY: Record<Category, EcsClass> = {
  signing: { category: ['file'], type: ['info'] },
  key_lifecycle: { category: ['iam'], type: ['change'] },
  certificate: { category: ['iam'], type: ['change'] },
  policy: { category: ['configuration'], type: ['info'] },
  user_activity: { category: ['iam'], type: ['info'] },
  agent: { category: ['host'], type: ['info'] },
  system: { category: ['host'], type: ['info'] },
  other: { category: [], type: ['info'] },
};

export function ecsClass(action: string): EcsClass {
  return ECS_BY_ACTION[action] ?? ECS_BY_CATEGORY[categoryOf(action)];
}

/** Actions an analyst should see first whatever their status. */
const SENSITIVE = new Set(['KEY_REVOKED', 'KEY_DESTROYED', 'CERTIFICATE_REVOKED', 'USER_ROLE_CHANGED']);

/**
 * CEF severity 0-10: the status sets the base (a success is routine, a denial is a control
 * working against someone), key and certificate lifecycle add weight, a policy violation is high.
 */
export function severity(action: string, status: Status): number {
  let level = status === 'SUCCESS' ? 1 : status === 'FAILURE' ? 5 : 6;
  const category = categoryOf(action);
  if (category === 'key_lifecycle' || category === 'certificate') level += 2;
  if (SENSITIVE.has(action)) level = Math.max(level, 5);
  if (action === 'POLICY_VIOLATION') level = Math.max(level, 7);
  return Math.min(level, 10);
}

/** OCSF severity_id for a CEF severity: 1 Informational … 5 Critical. */
export function ocsfSeverity(level: number): { id: number; name: string } {
  if (level <= 1) return { id: 1, name: 'Informational' };
  if (level <= 3) return { id: 2, name: 'Low' };
  if (level <= 6) return { id: 3, name: 'Medium' };
  if (level <= 8) return { id: 4, name: 'High' };
  return { id: 5, name: 'Critical' };
}
