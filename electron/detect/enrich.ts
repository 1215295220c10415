// Key, certificate and signing-request state at each event's time, computed from the lifecycle
// events seen so far (events are fed in time order). A certificate is tied to its key by the
// key_id of its upload event; later events about the certificate inherit it.
// The state reads the event's columns; its details are parsed only by the few events whose
// details it needs (key generation and import, certificate upload, signing request, policy
// evaluation), or a view that has nothing better (details() is lazy and parses once).
import type { JsonValue } from '../../shared/event';
import { detailsValue } from './fields';

/** What the enrichment reads of an event: its stored columns, and its details on demand. */
export interface EnrichInput {
  action: string;
  actorId: string;
  entityType: string;
  entityId: string;
  entityName: string | undefined;
  status: string;
  timestamp: string;
  requestId: string | null;
  keyId: string | null;
  details(): Record<string, JsonValue>;
}

export type KeyStatus = 'active' | 'deactivated' | 'rotated' | 'revoked' | 'unknown';
export type CertStatus = 'active' | 'expired' | 'revoked' | 'unknown';

interface KeyState {
  status: KeyStatus;
  algorithm?: string;
  size?: number;
}

interface CertState {
  keyId: string | null;
  status: CertStatus;
  notAfter?: string;
}

interface RequestState {
  requester?: string;
  approvers: string[];
  policy?: string;
  policyResult?: string;
  approvalRequested: boolean;
  artifact?: string;
  keyStatus?: KeyStatus;
}

export interface Enrichment {
  'key.status'?: KeyStatus;
  'key.algorithm'?: string;
  'key.size'?: number;
  'cert.status'?: CertStatus;
  'request.requester'?: string;
  'request.approvers'?: string[];
  'request.policy'?: string;
  'request.policy_result'?: string;
  'request.approval_requested'?: boolean;
  'request.artifact'?: string;
  'request.key_status'?: KeyStatus;
  'artifact.denied_by'?: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

function sizeOf(algorithm: string | undefined, size: unknown): number | undefined {
  const n = typeof size === 'number' ? size : typeof size === 'string' && /^\d+$/.test(size) ? Number(size) : undefined;
  if (n !== undefined) return n;
  const m = algorithm ? /(?:RSA|DSA)[-_ ]?(\d{3,5})/i.exec(algorithm) : null;
  return m ? Number(m[1]) : undefined;
}

/** artifact.denied_by remembers a denial this long. */
export const DENIAL_MEMORY_MS = 24 * 3_600_000;

/**
 * The key and certificate part of the state (everything but the requests and denials), as a plain
 * copy: what an incremental run starts from instead of replaying the trail's lifecycle events
 * (engine.ts, lifecycle snapshots).
 */
export interface LifecycleState {
  keys: [string, KeyState][];
  certs: [string, CertState][];
  certsByKey: [string, string[]][];
}

export class EnrichmentState {
  private keys = new Map<string, KeyState>();
  private certs = new Map<string, CertState>();
  private certsByKey = new Map<string, Set<string>>();
  private requests = new Map<string, RequestState>();
  /** requester and artifact → the policy that last denied such a request, and when. */
  private deniedArtifacts = new Map<string, { policy: string; ts: string }>();

  /** Keys and certificates the state knows. */
  get lifecycleSize(): number {
    return this.keys.size + this.certs.size;
  }

  /**
   * A copy of the key and certificate state. Keys and certificates that only other events named
   * (status unknown, nothing else known) are left out: they read as absent ones do, and a run
   * that replays only the lifecycle events (an incremental run, a split run's later part) has
   * not met them.
   */
  lifecycle(): LifecycleState {
    return {
      keys: [...this.keys]
        .filter(([, k]) => k.status !== 'unknown' || k.algorithm !== undefined || k.size !== undefined)
        .map(([id, k]) => [id, { ...k }]),
      certs: [...this.certs]
        .filter(([, c]) => c.status !== 'unknown' || c.keyId !== null || c.notAfter !== undefined)
        .map(([id, c]) => [id, { ...c }]),
      certsByKey: [...this.certsByKey].map(([id, set]) => [id, [...set]]),
    };
  }

  /** Starts from a copy of a key and certificate state (the requests and denials are left as they are). */
  restoreLifecycle(state: LifecycleState): void {
    this.keys = new Map(state.keys.map(([id, k]) => [id, { ...k }]));
    this.certs = new Map(state.certs.map(([id, c]) => [id, { ...c }]));
    this.certsByKey = new Map(state.certsByKey.map(([id, list]) => [id, new Set(list)]));
  }

  /** Applies the event to the state, then returns the enrichment as of the event's time. */
  observe(ev: EnrichInput): Enrichment {
    this.apply(ev);
    return this.view(ev);
  }

  private key(id: string): KeyState {
    let k = this.keys.get(id);
    if (!k) this.keys.set(id, (k = { status: 'unknown' }));
    return k;
  }

  private request(id: string): RequestState {
    let r = this.requests.get(id);
    if (!r) this.requests.set(id, (r = { approvers: [], approvalRequested: false }));
    return r;
  }

  /** Applies the event to the state (for events no rule reads). */
  apply(ev: EnrichInput): void {
    const { action, requestId, keyId } = ev;
    const entityType = ev.entityType.toLowerCase();
    if (entityType === 'key') {
      const k = this.key(ev.entityId);
      switch (action) {
        case 'KEY_GENERATED':
        case 'KEY_IMPORTED': {
          const details = ev.details();
          const algorithm = str(detailsValue(details, 'algorithm'));
          if (algorithm) k.algorithm = algorithm;
          k.size = sizeOf(k.algorithm, detailsValue(details, 'key_size')) ?? k.size;
          k.status = 'active';
          break;
        }
        case 'KEY_ACTIVATED':
          k.status = 'active';
          break;
        case 'KEY_ROTATED':
          k.status = 'rotated';
          break;
        case 'KEY_DEACTIVATED':
        case 'KEY_DESTROYED':
          k.status = 'deactivated';
          break;
        case 'KEY_REVOKED':
          k.status = 'revoked';
          break;
      }
    }
    if (entityType === 'certificate' || entityType === 'cert') {
      let c = this.certs.get(ev.entityId);
      if (!c) {
        c = { keyId: null, status: 'unknown' };
        this.certs.set(ev.entityId, c);
      }
      if (action === 'CERTIFICATE_UPLOADED' || action === 'CERTIFICATE_IMPORTED') {
        const details = ev.details();
        c.keyId = keyId ?? c.keyId;
        c.status = 'active';
        c.notAfter = str(detailsValue(details, 'notAfter')) ?? str(detailsValue(details, 'not_after'));
        if (c.keyId) {
          let set = this.certsByKey.get(c.keyId);
          if (!set) this.certsByKey.set(c.keyId, (set = new Set()));
          set.add(ev.entityId);
        }
      } else if (action === 'CERTIFICATE_ACTIVATED' || action === 'CERTIFICATE_RENEWED') c.status = 'active';
      else if (action === 'CERTIFICATE_EXPIRED') c.status = 'expired';
      else if (action === 'CERTIFICATE_REVOKED') c.status = 'revoked';
    }
    if (requestId) {
      const r = this.request(requestId);
      if (action === 'SIGNING_REQUESTED') {
        r.requester = ev.actorId;
        r.artifact = str(detailsValue(ev.details(), 'artifact')) ?? ev.entityName ?? r.artifact;
        if (keyId) r.keyStatus = this.keys.get(keyId)?.status ?? 'unknown';
      } else if (action === 'POLICY_EVALUATED') {
        const details = ev.details();
        r.policy = entityType === 'policy' ? ev.entityId : (str(detailsValue(details, 'policy')) ?? r.policy);
        r.policyResult = str(detailsValue(details, 'policy_result')) ?? r.policyResult;
        if (ev.status === 'DENIED' && r.artifact && r.policy && r.requester)
          this.deniedArtifacts.set(r.requester + '\u0000' + r.artifact, { policy: r.policy, ts: ev.timestamp });
      } else if (action === 'APPROVAL_REQUESTED') r.approvalRequested = true;
      else if (action === 'APPROVAL_GRANTED' && !r.approvers.includes(ev.actorId)) r.approvers.push(ev.actorId);
    }
  }

  private certStatusOf(id: string, ts: string): CertStatus {
    const c = this.certs.get(id);
    if (!c) return 'unknown';
    if (c.status === 'active' && c.notAfter && c.notAfter < ts) return 'expired';
    return c.status;
  }

  private view(ev: EnrichInput): Enrichment {
    const { requestId, keyId } = ev;
    const out: Enrichment = {};
    const entityType = ev.entityType.toLowerCase();
    let certKey: string | null = null;
    if (entityType === 'certificate' || entityType === 'cert') {
      out['cert.status'] = this.certStatusOf(ev.entityId, ev.timestamp);
      certKey = this.certs.get(ev.entityId)?.keyId ?? null;
    }
    const kid = keyId ?? certKey;
    if (kid) {
      const k = this.keys.get(kid);
      out['key.status'] = k?.status ?? 'unknown';
      const algorithm = k?.algorithm ?? str(detailsValue(ev.details(), 'algorithm'));
      if (algorithm) out['key.algorithm'] = algorithm;
      const size = k?.size ?? sizeOf(algorithm, detailsValue(ev.details(), 'key_size'));
      if (size !== undefined) out['key.size'] = size;
      if (!out['cert.status']) {
        const certs = this.certsByKey.get(kid);
        if (!certs || certs.size === 0) out['cert.status'] = 'unknown';
        else {
          const statuses = [...certs].map((c) => this.certStatusOf(c, ev.timestamp));
          out['cert.status'] = statuses.includes('active')
            ? 'active'
            : statuses.includes('revoked')
              ? 'revoked'
              : statuses.includes('expired')
                ? 'expired'
                : 'unknown';
        }
      }
    }
    if (requestId) {
      const r = this.requests.get(requestId);
      if (r) {
        if (r.requester) out['request.requester'] = r.requester;
        if (r.approvers.length) out['request.approvers'] = [...r.approvers];
        if (r.policy) out['request.policy'] = r.policy;
        if (r.policyResult) out['request.policy_result'] = r.policyResult;
        out['request.approval_requested'] = r.approvalRequested;
        if (r.artifact) out['request.artifact'] = r.artifact;
        if (r.keyStatus) out['request.key_status'] = r.keyStatus;
      }
    }
    if (ev.action === 'SIGNING_REQUESTED' || ev.action === 'POLICY_EVALUATED' || this.deniedArtifacts.size === 0)
      return out;
    const artifact = out['request.artifact'] ?? str(detailsValue(ev.details(), 'artifact'));
    const requester = out['request.requester'] ?? ev.actorId;
    if (artifact) {
      const denied = this.deniedArtifacts.get(requester + '\u0000' + artifact);
      if (denied && Date.parse(ev.timestamp) - Date.parse(denied.ts) <= DENIAL_MEMORY_MS)
        out['artifact.denied_by'] = denied.policy;
    }
    return out;
  }
}
