// Key and certificate lifecycles. Retiring a key waits out in-flight trails, so a key is
// never used after its revocation except where the demo plants it on purpose.
import { ADMIN, HSM_MODULES, KEY_SPECS, SECURITY_OFFICER } from './catalog';
import { MINUTE, SECOND, formatMicros, DAY } from './time';
import { MAX_TRAIL_SPAN, type DemoKey, type DemoWorld, type Pending } from './world';

export function keyCreated(world: DemoWorld, t: number, key: DemoKey, actor: string, ids?: string[]): Pending[] {
  const r = world.rng;
  const activatedAt = t + (ids ? 30 * SECOND : r.int(MINUTE, 10 * MINUTE));
  key.usableFrom = activatedAt;
  const entity = { type: 'Key', id: key.id, name: key.name };
  return [
    world.event(t, {
      id: ids?.[0],
      actor,
      actorType: 'user',
      action: 'KEY_GENERATED',
      entity,
      details: { algorithm: key.spec.algorithm, keySize: key.spec.keySize, module: key.module, exportable: false },
    }),
    world.event(activatedAt, { id: ids?.[1], actor, actorType: 'user', action: 'KEY_ACTIVATED', entity, details: {} }),
  ];
}

function newKey(world: DemoWorld): DemoKey {
  const r = world.rng;
  const spec = r.pick(KEY_SPECS);
  const id = `key-${spec.algorithm.startsWith('RSA') ? 'rsa' : 'ec'}-${world.keyCounter++}`;
  return {
    id,
    name: `Signing key ${id.slice(4)}`,
    spec,
    module: r.pick(HSM_MODULES),
    usableFrom: Infinity,
    pickableUntil: Infinity,
  };
}

/** Retire `key` at `t`: no new trail picks it; the event waits for trails in flight. */
export function keyRetired(
  world: DemoWorld,
  t: number,
  key: DemoKey,
  action: 'KEY_DEACTIVATED' | 'KEY_REVOKED',
  reason: string,
): Pending[] {
  key.pickableUntil = t;
  const when = t + MAX_TRAIL_SPAN + world.rng.int(SECOND, 10 * MINUTE);
  return [
    world.event(when, {
      actor: SECURITY_OFFICER,
      actorType: 'user',
      action,
      entity: { type: 'Key', id: key.id, name: key.name },
      details: { reason },
    }),
  ];
}

export function keyScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const active = world.activeKeyCount(t);
  const roll = r.next();
  if (active < 5 || (roll < 0.4 && active < 10)) {
    const key = newKey(world);
    world.keys.push(key);
    return keyCreated(world, t, key, r.chance(0.7) ? SECURITY_OFFICER : ADMIN);
  }
  const old = world.pickKey(t);
  if (!old) return [];
  if (roll < 0.93) {
    const key = newKey(world);
    world.keys.push(key);
    const created = keyCreated(world, t, key, SECURITY_OFFICER);
    const rotated = world.event(t + 2 * SECOND, {
      actor: SECURITY_OFFICER,
      actorType: 'user',
      action: 'KEY_ROTATED',
      entity: { type: 'Key', id: old.id, name: old.name },
      details: { newKeyId: key.id, reason: 'scheduled rotation' },
    });
    return [...created, rotated, ...keyRetired(world, t, old, 'KEY_DEACTIVATED', 'rotated')];
  }
  return keyRetired(world, t, old, 'KEY_REVOKED', r.pick(['superseded', 'cessationOfOperation']));
}

export function certificateUploaded(
  world: DemoWorld,
  t: number,
  key: { id: string; name: string },
  ids?: string[],
): Pending[] {
  const r = world.rng;
  const serial = 'cert-' + r.hex(2);
  const subject = `CN=Example Corp ${key.name}, O=Example Corp, C=US`;
  world.certs.push({ serial, keyId: key.id, subject });
  const entity = { type: 'Certificate', id: serial, name: subject };
  const notBefore = formatMicros(t);
  const notAfter = formatMicros(t + 365 * DAY);
  return [
    world.event(t, {
      id: ids?.[0],
      actor: SECURITY_OFFICER,
      actorType: 'user',
      action: 'CERTIFICATE_UPLOADED',
      entity,
      details: { keyId: key.id, issuer: 'CN=Example Issuing CA 2, O=Example Corp', notBefore, notAfter },
    }),
    world.event(t + r.int(10 * SECOND, 5 * MINUTE), {
      id: ids?.[1],
      actor: SECURITY_OFFICER,
      actorType: 'user',
      action: 'CERTIFICATE_ACTIVATED',
      entity,
      details: { keyId: key.id },
    }),
  ];
}

export function certificateScenario(world: DemoWorld, t: number): Pending[] {
  const r = world.rng;
  const roll = r.next();
  if (world.certs.length < 4 || (roll < 0.5 && world.certs.length < 24)) {
    const key = world.pickKey(t);
    return key ? certificateUploaded(world, t, key) : [];
  }
  const cert = world.certs.splice(r.int(0, world.certs.length - 1), 1)[0];
  const entity = { type: 'Certificate', id: cert.serial, name: cert.subject };
  // A key still signing gets its next certificate first, so no signing runs without a valid one.
  const key = world.keys.find((k) => k.id === cert.keyId);
  const inUse = key !== undefined && key.pickableUntil + MAX_TRAIL_SPAN > t;
  const renewal = inUse && !world.certs.some((c) => c.keyId === cert.keyId) ? certificateUploaded(world, t, key) : [];
  const ends = t + (renewal.length ? 6 * MINUTE : 0);
  if (roll < 0.85) {
    return [
      ...renewal,
      world.event(ends, {
        actor: 'system',
        actorType: 'system',
        action: 'CERTIFICATE_EXPIRED',
        entity,
        details: { keyId: cert.keyId },
      }),
    ];
  }
  return [
    ...renewal,
    world.event(ends, {
      actor: SECURITY_OFFICER,
      actorType: 'user',
      action: 'CERTIFICATE_REVOKED',
      entity,
      details: { keyId: cert.keyId, reason: r.pick(['superseded', 'affiliationChanged']) },
    }),
  ];
}
