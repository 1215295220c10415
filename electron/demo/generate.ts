// Synthetic audit events of an enterprise code-signing platform, for `signtrail demo` and
// the desktop's demo case. Deterministic for a seed, streamed in timestamp order.
import type { AuditRecord } from '../../shared/event';
import {
  agentConnectionScenario,
  backupScenario,
  configScenario,
  heartbeat,
  loginScenario,
  policyUpdateScenario,
  roleChangeScenario,
} from './activity';
import { DEFAULT_DEMO_START, PLANTED } from './anomalies';
import { DEVELOPERS, SERVICE_ACCOUNTS } from './catalog';
import { certificateScenario, keyScenario } from './lifecycle';
import { EventQueue } from './queue';
import { randomTrailPlan, signingTrail, trailLength } from './signing';
import { HOUR, SECOND, hourOfDay, utcMidnightMicros } from './time';
import { DemoWorld, MAX_TRAIL_SPAN, type Pending } from './world';

export { DEMO_ANOMALIES, DEFAULT_DEMO_START, demoAnomalies, type DemoAnomalies } from './anomalies';

export interface DemoOptions {
  count: number;
  seed?: number;
  /** The demo starts at UTC midnight of this day (default 2026-03-02). */
  start?: Date;
}

export const DEFAULT_DEMO_SEED = 42;
/** Mean seconds between scenario starts: busy working hours, quiet nights. */
const DAY_GAP = 12 * SECOND;
const NIGHT_GAP = 90 * SECOND;
const WORK_HOURS = { from: 7, to: 20 };
/** Mallory appears only in the planted denial burst, so the burst stands out. */
const HONEST_DEVELOPERS = DEVELOPERS.filter((d) => d !== 'mallory@example.com');

export function* generateDemoEvents(opts: DemoOptions): Iterable<AuditRecord> {
  const count = Math.max(0, Math.floor(opts.count));
  const day0 = utcMidnightMicros(opts.start ?? DEFAULT_DEMO_START);
  const world = new DemoWorld(opts.seed ?? DEFAULT_DEMO_SEED, day0);
  const queue = new EventQueue();
  let emitted = 0;
  let planted = 0;
  let t = day0;
  let lastPrune = t;

  const schedule = (events: Pending[]): void => {
    for (const e of events) queue.push(e);
  };

  while (emitted < count) {
    const budget = count - emitted - queue.size;
    if (budget <= 0) {
      while (queue.size > 0) yield queue.pop()!.record;
      return;
    }
    const working = isWorkingHour(t);
    t += Math.max(1, Math.round(world.rng.exponential(working ? DAY_GAP : NIGHT_GAP)));
    // Planted events come first: they start no later than the scenario about to be made.
    while (planted < PLANTED.length && day0 + PLANTED[planted].at <= t) {
      const scenario = PLANTED[planted++];
      const events = scenario.build(world, day0 + scenario.at);
      if (events.length <= count - emitted - queue.size) schedule(events);
    }
    while (queue.size > 0 && queue.peek()!.t <= t) {
      yield queue.pop()!.record;
      if (++emitted === count) return;
    }
    const room = count - emitted - queue.size;
    if (room <= 0) continue;
    schedule(room < 5 ? [heartbeat(world, t)] : randomScenario(world, t, working));
    if (t - lastPrune > HOUR) {
      world.pruneKeys(t);
      lastPrune = t;
    }
  }
}

function isWorkingHour(t: number): boolean {
  const hour = hourOfDay(t);
  return hour >= WORK_HOURS.from && hour < WORK_HOURS.to;
}

/** At most 5 events, so the end of the stream never cuts a trail short. */
function randomScenario(world: DemoWorld, t: number, working: boolean): Pending[] {
  const roll = world.rng.next();
  if (!working) {
    if (roll < 0.6) return [heartbeat(world, t)];
    if (roll < 0.75) return agentConnectionScenario(world, t);
    if (roll < 0.85) return backupScenario(world, t);
    if (roll < 0.97) return loginScenario(world, t, 0.5);
    return configScenario(world, t);
  }
  // A trail started later than this could sign after hours; the demo's only night signing is planted.
  if (roll < 0.5) return isWorkingHour(t + MAX_TRAIL_SPAN) ? signing(world, t) : [heartbeat(world, t)];
  if (roll < 0.64) return loginScenario(world, t, 0.08);
  if (roll < 0.69) return agentConnectionScenario(world, t);
  if (roll < 0.705) return keyScenario(world, t);
  if (roll < 0.725) return certificateScenario(world, t);
  if (roll < 0.74) return roleChangeScenario(world, t);
  if (roll < 0.765) return configScenario(world, t);
  if (roll < 0.78) return policyUpdateScenario(world, t);
  if (roll < 0.785) return backupScenario(world, t);
  return [heartbeat(world, t)];
}

function signing(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const key = world.pickKey(t);
  if (!key) return [heartbeat(world, t)];
  const byService = r.chance(0.6);
  const requester = byService ? r.pick(SERVICE_ACCOUNTS) : r.pick(HONEST_DEVELOPERS);
  const plan = randomTrailPlan(world, key, requester, byService ? 'service' : 'user');
  // A requester never asks again for an artifact a policy denied them: that is an anomaly of its own.
  while (world.deniedArtifacts.has(requester + ' ' + plan.artifact)) plan.artifact = nextPatch(plan.artifact);
  if (!plan.policyPass) world.deniedArtifacts.add(requester + ' ' + plan.artifact);
  const trail = signingTrail(world, t, plan);
  if (trail.length !== trailLength(plan)) throw new Error('A demo signing trail has an unexpected length.');
  return trail;
}

/** `release/app-1.2.3.msi` → `release/app-1.2.4.msi`. */
function nextPatch(artifact: string): string {
  return artifact.replace(/(\d+)(\.[A-Za-z]+)$/, (_, n: string, ext: string) => `${Number(n) + 1}${ext}`);
}
