// A signing request's trail: requested → policy → (approval) → signing operation.
import type { ActorType } from '../../shared/event';
import { AGENTS, APPROVAL_DENY_REASONS, APPROVERS, ARTIFACTS, DIGESTS, POLICIES, POLICY_FAIL_REASONS } from './catalog';
import type { Random } from './random';
import { SECOND, MINUTE } from './time';
import type { DemoKey, DemoWorld, Pending } from './world';

export interface TrailPlan {
  requester: string;
  requesterType: ActorType;
  key: DemoKey;
  artifact: string;
  agent: string;
  digest: string;
  requestId: string;
  policyPass: boolean;
  /** Undefined: no approval step. */
  approval?: { approver: string; granted: boolean };
  operationFails: boolean;
  /** Fixed IDs for planted trails, in step order. */
  ids?: string[];
}

export function randomVersion(world: DemoWorld): string {
  const r = world.rng;
  return `${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 30)}`;
}

export function randomTrailPlan(
  world: DemoWorld,
  key: DemoKey,
  requester: string,
  requesterType: ActorType,
): TrailPlan {
  const r = world.rng;
  const policyPass = !r.chance(0.05);
  return {
    requester,
    requesterType,
    key,
    artifact: r.pick(ARTIFACTS)(randomVersion(world)),
    agent: r.pick(AGENTS),
    digest: r.pick(DIGESTS),
    requestId: world.requestId(),
    policyPass,
    approval: policyPass && r.chance(0.3) ? { approver: r.pick(APPROVERS), granted: !r.chance(0.1) } : undefined,
    operationFails: r.chance(0.03),
  };
}

export function trailLength(plan: TrailPlan): number {
  if (!plan.policyPass) return 2;
  if (!plan.approval) return 3;
  return plan.approval.granted ? 5 : 4;
}

/** `rng` is fixed for planted trails, so their times do not depend on the seed. */
export function signingTrail(world: DemoWorld, t0: number, plan: TrailPlan, rng: Random = world.rng): Pending[] {
  const r = rng;
  const { requestId, key, artifact } = plan;
  const out: Pending[] = [];
  const id = () => plan.ids?.[out.length];
  const policy = plan.requesterType === 'service' ? POLICIES[1] : POLICIES[0];
  out.push(
    world.event(t0, {
      id: id(),
      actor: plan.requester,
      actorType: plan.requesterType,
      action: 'SIGNING_REQUESTED',
      entity: { type: 'SigningRequest', id: requestId, name: artifact },
      details: { requestId, artifact, keyId: key.id, digestAlgorithm: plan.digest },
    }),
  );
  let t = t0 + r.int(200_000, 1_500_000);
  out.push(
    world.event(t, {
      id: id(),
      actor: 'system',
      actorType: 'system',
      action: 'POLICY_EVALUATED',
      entity: { type: 'Policy', id: policy.id, name: policy.name },
      status: plan.policyPass ? 'SUCCESS' : 'DENIED',
      details: {
        requestId,
        keyId: key.id,
        policyResult: plan.policyPass ? 'pass' : 'fail',
        reason: plan.policyPass ? 'all rules passed' : r.pick(POLICY_FAIL_REASONS),
      },
    }),
  );
  if (!plan.policyPass) return out;
  if (plan.approval) {
    t += r.int(SECOND / 2, 2 * SECOND);
    out.push(
      world.event(t, {
        id: id(),
        actor: 'system',
        actorType: 'system',
        action: 'APPROVAL_REQUESTED',
        entity: { type: 'SigningRequest', id: requestId, name: artifact },
        details: { requestId, approverGroup: 'release-approvers', keyId: key.id },
      }),
    );
    t += r.int(MINUTE, 20 * MINUTE);
    const { approver, granted } = plan.approval;
    out.push(
      world.event(t, {
        id: id(),
        actor: approver,
        actorType: 'user',
        action: granted ? 'APPROVAL_GRANTED' : 'APPROVAL_DENIED',
        entity: { type: 'SigningRequest', id: requestId, name: artifact },
        status: granted ? 'SUCCESS' : 'DENIED',
        details: granted
          ? { requestId, comment: 'ticket checked' }
          : { requestId, reason: r.pick(APPROVAL_DENY_REASONS) },
      }),
    );
    if (!granted) return out;
  }
  t += r.int(2 * SECOND, 8 * SECOND);
  const details: Record<string, string | number> = {
    requestId,
    digestAlgorithm: plan.digest,
    keyId: key.id,
    agent: plan.agent,
    artifact,
    module: key.module,
    algorithm: key.spec.algorithm,
    keySize: key.spec.keySize,
    durationMs: r.int(40, 900),
  };
  if (plan.operationFails) details.error = 'HSM session timed out';
  out.push(
    world.event(t, {
      id: id(),
      actor: plan.requester,
      actorType: plan.requesterType,
      action: 'SIGNING_OPERATION',
      entity: { type: 'Key', id: key.id, name: key.name },
      status: plan.operationFails ? 'FAILURE' : 'SUCCESS',
      details,
    }),
  );
  return out;
}
