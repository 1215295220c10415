// The demo's state (keys, certificates, counters) and the one way its events are made.
import type { ActorType, AuditRecord, JsonValue, Status } from '../../shared/event';
import { AGENTS, INITIAL_KEYS, type KeySpec } from './catalog';
import { Random } from './random';
import { MINUTE, formatMicros } from './time';

/** The longest a signing trail lasts, approval wait included; retiring keys wait this long. */
export const MAX_TRAIL_SPAN = 25 * MINUTE;

export interface DemoKey {
  id: string;
  name: string;
  spec: KeySpec;
  module: string;
  /** Signings may use the key from this time... */
  usableFrom: number;
  /** ...and start before this one (a key being retired is not picked again). */
  pickableUntil: number;
}

export interface DemoCert {
  serial: string;
  keyId: string;
  subject: string;
}

/** An event waiting in the time-ordered queue. */
export interface Pending {
  t: number;
  n: number;
  record: AuditRecord;
}

export interface EventSpec {
  actor: string;
  actorType: ActorType;
  action: string;
  entity: { type: string; id: string; name?: string };
  status?: Status;
  details?: { [key: string]: JsonValue };
  /** Fixed ID for planted events; random otherwise. */
  id?: string;
}

export class DemoWorld {
  readonly rng: Random;
  readonly keys: DemoKey[] = [];
  readonly certs: DemoCert[] = [];
  readonly agentVersions = new Map<string, string>(AGENTS.map((a) => [a, '3.2.1']));
  keyCounter = 100;
  /** `requester artifact` pairs a policy denied. */
  readonly deniedArtifacts = new Set<string>();
  private order = 0;

  constructor(
    seed: number,
    readonly day0: number,
  ) {
    this.rng = new Random(seed);
    for (const key of INITIAL_KEYS) this.keys.push({ ...key, usableFrom: Infinity, pickableUntil: Infinity });
  }

  event(t: number, spec: EventSpec): Pending {
    const record: AuditRecord = {
      id: spec.id ?? 'evt-' + this.rng.hex(4),
      timestamp: formatMicros(t),
      actor: { id: spec.actor, type: spec.actorType },
      action: spec.action,
      entity: spec.entity,
      status: spec.status ?? 'SUCCESS',
      details: spec.details ?? {},
    };
    return { t, n: this.order++, record };
  }

  requestId(): string {
    return 'req-' + this.rng.hex(2);
  }

  key(id: string): DemoKey {
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new Error(`The demo has no key ${id}.`);
    return key;
  }

  /** A key a signing starting at `t` may use, or null when none is active. */
  pickKey(t: number): DemoKey | null {
    let count = 0;
    for (const k of this.keys) if (k.usableFrom <= t && t < k.pickableUntil) count++;
    if (count === 0) return null;
    let index = this.rng.int(0, count - 1);
    for (const k of this.keys) if (k.usableFrom <= t && t < k.pickableUntil && index-- === 0) return k;
    return null;
  }

  activeKeyCount(t: number): number {
    return this.keys.filter((k) => k.usableFrom <= t && t < k.pickableUntil).length;
  }

  /** Forget keys retired long ago so the list stays short over a million events. */
  pruneKeys(t: number): void {
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i].pickableUntil + 2 * MAX_TRAIL_SPAN < t) this.keys.splice(i, 1);
    }
  }
}
