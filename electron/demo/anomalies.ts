// Events planted at fixed times of the first demo day, the same for every seed: the opening
// of the platform and three anomalies an investigator should find.
import type { AuditRecord } from '../../shared/event';
import { INITIAL_KEYS, POLICIES, SECURITY_OFFICER } from './catalog';
import { certificateUploaded, keyCreated } from './lifecycle';
import { startupEvents } from './activity';
import { Random } from './random';
import { signingTrail } from './signing';
import { SECOND, at, utcMidnightMicros } from './time';
import { DemoWorld, MAX_TRAIL_SPAN, type Pending } from './world';

export const DEFAULT_DEMO_START = new Date('2026-03-02T00:00:00Z');

const REVOKED_KEY = INITIAL_KEYS.find((k) => k.id === 'key-legacy-07')!;
const RELEASE_KEY = INITIAL_KEYS.find((k) => k.id === 'key-release-rsa-01')!;
const REVOKED_AT = at(7, 52, 31);
const fixedId = (group: number, step: number) =>
  `evt-${'0'.repeat(24)}${(0xa0000000 + group * 0x100 + step).toString(16)}`;

export interface PlantedScenario {
  /** Offset into the first day. */
  at: number;
  build(world: DemoWorld, t: number): Pending[];
}

function opening(world: DemoWorld, t: number): Pending[] {
  const out = startupEvents(world, t);
  POLICIES.forEach((policy, i) =>
    out.push(
      world.event(t + (60 + i) * SECOND, {
        actor: 'alice@example.com',
        actorType: 'user',
        action: 'POLICY_CREATED',
        entity: { type: 'Policy', id: policy.id, name: policy.name },
        details: { version: 1 },
      }),
    ),
  );
  INITIAL_KEYS.forEach((spec, i) => {
    const key = world.key(spec.id);
    if (key.id === REVOKED_KEY.id) key.pickableUntil = world.day0 + REVOKED_AT - MAX_TRAIL_SPAN;
    const created = t + (120 + 20 * i) * SECOND;
    out.push(...keyCreated(world, created, key, SECURITY_OFFICER, [fixedId(0, 2 * i), fixedId(0, 2 * i + 1)]));
    out.push(...certificateUploaded(world, created + 60 * SECOND, key));
  });
  return out;
}

function nightSigning(world: DemoWorld, t: number): Pending[] {
  const plan = {
    requester: 'dave@example.com',
    requesterType: 'user' as const,
    key: { ...RELEASE_KEY, usableFrom: 0, pickableUntil: Infinity },
    artifact: 'release/app-4.2.1.msi',
    agent: 'agent-release-01',
    digest: 'SHA-256',
    requestId: 'req-00000000a1030014',
    policyPass: true,
    operationFails: false,
    ids: [fixedId(1, 1), fixedId(1, 2), fixedId(1, 3)],
  };
  return signingTrail(world, t, plan, new Random(1));
}

function revocation(world: DemoWorld, t: number): Pending[] {
  return [
    world.event(t, {
      id: fixedId(2, 0),
      actor: SECURITY_OFFICER,
      actorType: 'user',
      action: 'KEY_REVOKED',
      entity: { type: 'Key', id: REVOKED_KEY.id, name: REVOKED_KEY.name },
      details: { reason: 'keyCompromise', ticket: 'SEC-2291' },
    }),
  ];
}

function useAfterRevocation(world: DemoWorld, t: number): Pending[] {
  const plan = {
    requester: 'svc-ci-build',
    requesterType: 'service' as const,
    key: { ...REVOKED_KEY, usableFrom: 0, pickableUntil: Infinity },
    artifact: 'builds/agent-installer-2.3.0.exe',
    agent: 'agent-build-02',
    digest: 'SHA-256',
    requestId: 'req-00000000a2082144',
    policyPass: true,
    operationFails: false,
    ids: [fixedId(2, 1), fixedId(2, 2), fixedId(2, 3)],
  };
  return signingTrail(world, t, plan, new Random(2));
}

function denialBurst(world: DemoWorld, t: number): Pending[] {
  const out: Pending[] = [];
  for (let i = 0; i < 8; i++) {
    const requestId = `req-00000000a30840${i.toString().padStart(2, '0')}`;
    const artifact = `release/app-4.3.0-rc${i + 1}.msi`;
    out.push(
      world.event(t + i * 25 * SECOND, {
        id: fixedId(3, i + 1),
        actor: 'mallory@example.com',
        actorType: 'user',
        action: 'SIGNING_REQUESTED',
        entity: { type: 'SigningRequest', id: requestId, name: artifact },
        status: 'DENIED',
        details: {
          requestId,
          artifact,
          keyId: RELEASE_KEY.id,
          digestAlgorithm: 'SHA-256',
          reason: `requester is not in the signer group for key ${RELEASE_KEY.id}`,
        },
      }),
    );
  }
  return out;
}

/** In time order. */
export const PLANTED: readonly PlantedScenario[] = [
  { at: at(0, 0, 5), build: opening },
  { at: at(3, 14, 7), build: nightSigning },
  { at: REVOKED_AT, build: revocation },
  { at: at(8, 21, 44), build: useAfterRevocation },
  { at: at(8, 40, 0), build: denialBurst },
];

export interface DemoAnomalies {
  keyUsedAfterRevocation: {
    keyId: string;
    revokedEventId: string;
    revokedAt: string;
    signingEventId: string;
    signedAt: string;
    requestId: string;
    actorId: string;
  };
  denialBurst: { actorId: string; eventIds: string[]; from: string; to: string };
  nightSigning: { eventId: string; timestamp: string; requestId: string; actorId: string; artifact: string };
  /** With at least this many events, every anomaly is in the demo, whatever the seed. */
  minEvents: number;
}

/** The planted anomalies of a demo that starts on the day of `start`, read off the planted events. */
export function demoAnomalies(start: Date = DEFAULT_DEMO_START): DemoAnomalies {
  const world = new DemoWorld(0, utcMidnightMicros(start));
  const built = (index: number): AuditRecord[] =>
    PLANTED[index].build(world, world.day0 + PLANTED[index].at).map((p) => p.record);
  const [night, revoked, misuse, burst] = [built(1), built(2)[0], built(3), built(4)];
  const nightOp = night[night.length - 1];
  const misuseOp = misuse[misuse.length - 1];
  return {
    keyUsedAfterRevocation: {
      keyId: REVOKED_KEY.id,
      revokedEventId: revoked.id,
      revokedAt: revoked.timestamp,
      signingEventId: misuseOp.id,
      signedAt: misuseOp.timestamp,
      requestId: String(misuseOp.details.requestId),
      actorId: misuseOp.actor.id,
    },
    denialBurst: {
      actorId: burst[0].actor.id,
      eventIds: burst.map((r) => r.id),
      from: burst[0].timestamp,
      to: burst[burst.length - 1].timestamp,
    },
    nightSigning: {
      eventId: nightOp.id,
      timestamp: nightOp.timestamp,
      requestId: String(nightOp.details.requestId),
      actorId: nightOp.actor.id,
      artifact: String(nightOp.details.artifact),
    },
    minEvents: 3000,
  };
}

export const DEMO_ANOMALIES: DemoAnomalies = demoAnomalies();
