// Everyday events around the signings: logins, role changes, agents, configuration, policy.
import { ADMIN, AGENTS, CONFIG_SETTINGS, DEVELOPERS, HSM_MODULES, POLICIES, ROLES, SOURCE_IPS, USERS } from './catalog';
import { MINUTE, SECOND } from './time';
import type { DemoWorld, Pending } from './world';

const LOGIN_FAILURES = ['invalid password', 'MFA challenge timed out', 'account locked'];

export function loginScenario(world: DemoWorld, t: number, failureRate: number): Pending[] {
  const r = world.rng;
  const user = r.pick(USERS);
  const entity = { type: 'User', id: user };
  const ip = r.pick(SOURCE_IPS);
  if (r.chance(failureRate)) {
    return [
      world.event(t, {
        actor: user,
        actorType: 'user',
        action: 'USER_LOGIN_FAILED',
        entity,
        status: 'FAILURE',
        details: { ip, reason: r.pick(LOGIN_FAILURES) },
      }),
    ];
  }
  const login = world.event(t, {
    actor: user,
    actorType: 'user',
    action: 'USER_LOGIN',
    entity,
    details: { ip, method: r.pick(['SSO', 'SSO', 'password+MFA']) },
  });
  if (!r.chance(0.4)) return [login];
  const logout = world.event(t + r.int(5 * MINUTE, 20 * MINUTE), {
    actor: user,
    actorType: 'user',
    action: 'USER_LOGOUT',
    entity,
    details: { ip },
  });
  return [login, logout];
}

export function roleChangeScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const fromRole = r.pick(ROLES.slice(0, 3));
  const toRole = r.pick(ROLES.filter((x) => x !== fromRole).slice(0, 4));
  return [
    world.event(t, {
      actor: ADMIN,
      actorType: 'user',
      action: 'USER_ROLE_CHANGED',
      entity: { type: 'User', id: r.pick(DEVELOPERS) },
      details: { fromRole, toRole, ticket: `CHG-${r.int(1000, 9999)}` },
    }),
  ];
}

export function heartbeat(world: DemoWorld, t: number, agent = world.rng.pick(AGENTS)): Pending {
  const r = world.rng;
  return world.event(t, {
    actor: agent,
    actorType: 'agent',
    action: 'AGENT_HEARTBEAT',
    entity: { type: 'Agent', id: agent },
    details: { version: world.agentVersions.get(agent) ?? '3.2.1', queueDepth: r.int(0, 12), cpuPercent: r.int(1, 95) },
  });
}

export function agentConnectionScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const agent = r.pick(AGENTS);
  const entity = { type: 'Agent', id: agent };
  const lost = r.chance(0.3);
  const down = world.event(t, {
    actor: agent,
    actorType: 'agent',
    action: 'AGENT_DISCONNECTED',
    entity,
    status: lost ? 'FAILURE' : 'SUCCESS',
    details: lost ? { reason: 'connection lost: heartbeat timeout' } : { reason: 'service restart' },
  });
  const up = world.event(t + r.int(10 * SECOND, 3 * MINUTE), {
    actor: agent,
    actorType: 'agent',
    action: 'AGENT_CONNECTED',
    entity,
    details: { version: world.agentVersions.get(agent) ?? '3.2.1', ip: r.pick(SOURCE_IPS) },
  });
  return [down, up];
}

export function configScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const { setting, values } = r.pick(CONFIG_SETTINGS);
  const oldValue = r.pick(values);
  const newValue = r.pick(values.filter((v) => v !== oldValue));
  return [
    world.event(t, {
      actor: ADMIN,
      actorType: 'user',
      action: 'SYSTEM_CONFIG_CHANGED',
      entity: { type: 'Config', id: setting },
      details: { setting, oldValue, newValue },
    }),
  ];
}

export function policyUpdateScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const policy = r.pick(POLICIES);
  return [
    world.event(t, {
      actor: ADMIN,
      actorType: 'user',
      action: 'POLICY_UPDATED',
      entity: { type: 'Policy', id: policy.id, name: policy.name },
      details: { version: r.int(2, 40), change: r.pick(['require SBOM', 'add approver group', 'allow SHA-384']) },
    }),
  ];
}

export function backupScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  return [
    world.event(t, {
      actor: 'system',
      actorType: 'system',
      action: 'SYSTEM_BACKUP',
      entity: { type: 'System', id: 'codesign-platform' },
      status: r.chance(0.05) ? 'FAILURE' : 'SUCCESS',
      details: { target: 's3://backups/codesign', sizeMb: r.int(200, 900) },
    }),
  ];
}

/** The platform starting up: system, HSM modules and the agents registering. */
export function startupEvents(world: DemoWorld, t: number): Pending[] {
  const out: Pending[] = [
    world.event(t, {
      actor: 'system',
      actorType: 'system',
      action: 'SYSTEM_STARTED',
      entity: { type: 'System', id: 'codesign-platform' },
      details: { version: '8.4.0' },
    }),
  ];
  HSM_MODULES.forEach((module, i) =>
    out.push(
      world.event(t + (i + 1) * SECOND, {
        actor: 'system',
        actorType: 'system',
        action: 'HSM_CONNECTED',
        entity: { type: 'HSM', id: `hsm-0${i + 1}`, name: module },
        details: { module },
      }),
    ),
  );
  AGENTS.forEach((agent, i) => {
    const entity = { type: 'Agent', id: agent };
    const base = t + (10 + 5 * i) * SECOND;
    out.push(
      world.event(base, {
        actor: ADMIN,
        actorType: 'user',
        action: 'AGENT_REGISTERED',
        entity,
        details: { hostname: `${agent}.build.example.com`, os: i < 4 ? 'linux' : 'windows' },
      }),
      world.event(base + 2 * SECOND, {
        actor: agent,
        actorType: 'agent',
        action: 'AGENT_CONNECTED',
        entity,
        details: { version: '3.2.1', ip: SOURCE_IPS[i % SOURCE_IPS.length] },
      }),
    );
  });
  return out;
}
