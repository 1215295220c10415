// The cast and props of the demo case: people, service accounts, agents, keys, policies.
export const DEVELOPERS = [
  'bob@example.com',
  'dave@example.com',
  'frank@example.com',
  'heidi@example.com',
  'mallory@example.com',
  'oscar@example.com',
] as const;
export const APPROVERS = ['carol@example.com', 'erin@example.com', 'judy@example.com'] as const;
export const ADMIN = 'alice@example.com';
export const SECURITY_OFFICER = 'grace@example.com';
export const AUDITOR = 'ivan@example.com';
/** The dozen people who use the platform. */
export const USERS = [ADMIN, ...DEVELOPERS, ...APPROVERS, SECURITY_OFFICER, AUDITOR] as const;
export const SERVICE_ACCOUNTS = ['svc-ci-build', 'svc-release'] as const;
export const SYSTEM_ACTOR = 'system';
export const AGENTS = [
  'agent-build-01',
  'agent-build-02',
  'agent-build-03',
  'agent-build-04',
  'agent-release-01',
  'agent-release-02',
] as const;

export const ROLES = ['developer', 'signer', 'approver', 'security-officer', 'auditor', 'admin'] as const;
export const HSM_MODULES = ['HSM slot 3', 'HSM slot 4'] as const;
export const DIGESTS = ['SHA-256', 'SHA-256', 'SHA-256', 'SHA-384'] as const;

export interface KeySpec {
  algorithm: 'RSA-3072' | 'ECDSA-P256';
  keySize: number;
}
export const KEY_SPECS: readonly KeySpec[] = [
  { algorithm: 'RSA-3072', keySize: 3072 },
  { algorithm: 'ECDSA-P256', keySize: 256 },
];

/** Keys that exist when the demo begins (generated in the first minutes). */
export const INITIAL_KEYS: readonly { id: string; name: string; spec: KeySpec; module: string }[] = [
  { id: 'key-release-rsa-01', name: 'Release signing', spec: KEY_SPECS[0], module: 'HSM slot 3' },
  { id: 'key-ci-ec-02', name: 'CI signing', spec: KEY_SPECS[1], module: 'HSM slot 3' },
  { id: 'key-firmware-rsa-03', name: 'Firmware signing', spec: KEY_SPECS[0], module: 'HSM slot 4' },
  { id: 'key-mobile-ec-04', name: 'Mobile app signing', spec: KEY_SPECS[1], module: 'HSM slot 3' },
  { id: 'key-driver-rsa-05', name: 'Driver signing', spec: KEY_SPECS[0], module: 'HSM slot 4' },
  { id: 'key-legacy-07', name: 'Legacy release signing', spec: KEY_SPECS[0], module: 'HSM slot 3' },
];

export const ARTIFACTS = [
  (v: string) => `release/app-${v}.msi`,
  (v: string) => `release/app-${v}.dmg`,
  (v: string) => `builds/agent-installer-${v}.exe`,
  (v: string) => `firmware/router-fw-${v}.bin`,
  (v: string) => `drivers/netdrv-${v}.sys`,
  (v: string) => `mobile/banking-${v}.apk`,
  (v: string) => `java/payments-core-${v}.jar`,
  (v: string) => `containers/api-gateway-${v}.tar`,
  (v: string) => `nuget/Example.Sdk.${v}.nupkg`,
] as const;

export const POLICIES = [
  { id: 'pol-release-signing', name: 'Release signing policy' },
  { id: 'pol-ci-signing', name: 'CI signing policy' },
] as const;

export const POLICY_FAIL_REASONS = [
  'artifact was not built by a trusted pipeline',
  'requester is not in the signer group for this key',
  'artifact failed the malware scan',
  'SBOM missing from the build',
] as const;

export const APPROVAL_DENY_REASONS = [
  'change ticket not approved',
  'version number does not match the release plan',
  'requested outside the release window',
] as const;

export const CONFIG_SETTINGS = [
  { setting: 'session.timeoutMinutes', values: ['15', '30', '60'] },
  { setting: 'approval.requiredForRelease', values: ['true', 'false'] },
  { setting: 'audit.retentionDays', values: ['365', '730', '2555'] },
  { setting: 'signing.maxRequestsPerHour', values: ['500', '1000', '2000'] },
  { setting: 'hsm.sessionPoolSize', values: ['8', '16', '32'] },
] as const;

export const SOURCE_IPS = ['10.20.4.11', '10.20.4.37', '10.20.7.102', '10.31.0.8', '192.168.40.23', '172.16.9.54'];
