// Action → category: the seven categories of the platform's audit page, plus `other`.
export const CATEGORIES = [
  'signing',
  'key_lifecycle',
  'certificate',
  'policy',
  'user_activity',
  'agent',
  'system',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  signing: 'Signing operations',
  key_lifecycle: 'Key lifecycle',
  certificate: 'Certificate management',
  policy: 'Policy enforcement',
  user_activity: 'User activity',
  agent: 'Agent events',
  system: 'System changes',
  other: 'Other',
};

/** Actions the platform documents, by name. */
export const KNOWN_ACTIONS: Record<string, Category> = {
  SIGNING_REQUESTED: 'signing',
  SIGNING_OPERATION: 'signing',
  SIGNING_COMPLETED: 'signing',
  SIGNING_FAILED: 'signing',
  SIGNATURE_VERIFIED: 'signing',
  KEY_GENERATED: 'key_lifecycle',
  KEY_IMPORTED: 'key_lifecycle',
  KEY_ROTATED: 'key_lifecycle',
  KEY_REVOKED: 'key_lifecycle',
  KEY_ACTIVATED: 'key_lifecycle',
  KEY_DEACTIVATED: 'key_lifecycle',
  KEY_DESTROYED: 'key_lifecycle',
  CERTIFICATE_UPLOADED: 'certificate',
  CERTIFICATE_ACTIVATED: 'certificate',
  CERTIFICATE_EXPIRED: 'certificate',
  CERTIFICATE_REVOKED: 'certificate',
  CERTIFICATE_RENEWED: 'certificate',
  POLICY_EVALUATED: 'policy',
  POLICY_CREATED: 'policy',
  POLICY_UPDATED: 'policy',
  POLICY_DELETED: 'policy',
  POLICY_VIOLATION: 'policy',
  APPROVAL_REQUESTED: 'policy',
  APPROVAL_GRANTED: 'policy',
  APPROVAL_DENIED: 'policy',
  USER_LOGIN: 'user_activity',
  USER_LOGOUT: 'user_activity',
  USER_LOGIN_FAILED: 'user_activity',
  USER_CREATED: 'user_activity',
  USER_ROLE_CHANGED: 'user_activity',
  USER_DELETED: 'user_activity',
  AGENT_REGISTERED: 'agent',
  AGENT_CONNECTED: 'agent',
  AGENT_DISCONNECTED: 'agent',
  AGENT_HEARTBEAT: 'agent',
  AGENT_UPDATED: 'agent',
  SYSTEM_CONFIG_CHANGED: 'system',
  SYSTEM_STARTED: 'system',
  SYSTEM_STOPPED: 'system',
  SYSTEM_BACKUP: 'system',
  HSM_CONNECTED: 'system',
};

/** Prefixes for actions the table does not name, longest first. */
const PREFIX_RULES: [string, Category][] = [
  ['CERTIFICATE_', 'certificate'],
  ['SIGNATURE_', 'signing'],
  ['APPROVAL_', 'policy'],
  ['SIGNING_', 'signing'],
  ['POLICY_', 'policy'],
  ['SYSTEM_', 'system'],
  ['CONFIG_', 'system'],
  ['AGENT_', 'agent'],
  ['CERT_', 'certificate'],
  ['USER_', 'user_activity'],
  ['SIGN_', 'signing'],
  ['KEY_', 'key_lifecycle'],
  ['HSM_', 'system'],
];

export function categoryOf(action: string): Category {
  const known = KNOWN_ACTIONS[action];
  if (known) return known;
  for (const [prefix, category] of PREFIX_RULES) if (action.startsWith(prefix)) return category;
  return 'other';
}
