import { describe, expect, it } from 'vitest';
import { CATEGORIES, categoryOf } from '../../shared/categories';
import { deriveColumns } from '../../shared/derive';
import { auditRecordSchema, type AuditRecord } from '../../shared/event';
import { DEMO_ANOMALIES, demoAnomalies, generateDemoEvents } from '../../electron/demo/generate';

const events = [...generateDemoEvents({ count: 5000 })];
const hourOf = (r: AuditRecord) => Number(r.timestamp.slice(11, 13));

describe('generateDemoEvents', () => {
  it('yields exactly the number of events asked for', () => {
    expect(events).toHaveLength(5000);
    expect([...generateDemoEvents({ count: 7 })]).toHaveLength(7);
    expect([...generateDemoEvents({ count: 0 })]).toHaveLength(0);
  });

  it('covers all seven categories and never falls back to other', () => {
    const counts = new Map<string, number>();
    for (const r of events) counts.set(categoryOf(r.action), (counts.get(categoryOf(r.action)) ?? 0) + 1);
    for (const category of CATEGORIES.filter((c) => c !== 'other'))
      expect(counts.get(category) ?? 0).toBeGreaterThan(0);
    expect(counts.get('other')).toBeUndefined();
  });

  it('gives every record that passes the record schema, with unique evt-<hex> IDs', () => {
    for (const r of events) expect(auditRecordSchema.safeParse(r).success, JSON.stringify(r)).toBe(true);
    expect(new Set(events.map((r) => r.id)).size).toBe(events.length);
    for (const r of events) expect(r.id).toMatch(/^evt-[0-9a-f]{32}$/);
  });

  it('yields records in timestamp order', () => {
    for (let i = 1; i < events.length; i++) expect(events[i].timestamp >= events[i - 1].timestamp).toBe(true);
  });

  it('uses every actor type and every status', () => {
    expect(new Set(events.map((r) => r.actor.type))).toEqual(new Set(['user', 'service', 'system', 'agent']));
    expect(new Set(events.map((r) => r.status))).toEqual(new Set(['SUCCESS', 'FAILURE', 'DENIED']));
    const success = events.filter((r) => r.status === 'SUCCESS').length;
    expect(success / events.length).toBeGreaterThan(0.8);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = [...generateDemoEvents({ count: 5000 })];
    expect(again).toEqual(events);
    const other = [...generateDemoEvents({ count: 5000, seed: 7 })];
    expect(other.map((r) => r.id)).not.toEqual(events.map((r) => r.id));
  });

  it('completes every signing trail: request, policy, optional approval, operation', () => {
    const trails = new Map<string, AuditRecord[]>();
    for (const r of events) {
      const requestId = deriveColumns(r).requestId;
      if (requestId) trails.set(requestId, [...(trails.get(requestId) ?? []), r]);
    }
    expect(trails.size).toBeGreaterThan(100);
    const shapes = new Set<string>();
    for (const trail of trails.values()) {
      const shape = trail.map((r) => `${r.action}:${r.status}`).join(' ');
      shapes.add(shape.replace(/SIGNING_OPERATION:(SUCCESS|FAILURE)/, 'SIGNING_OPERATION'));
      const op = trail.find((r) => r.action === 'SIGNING_OPERATION');
      if (op) {
        for (const field of [
          'requestId',
          'digestAlgorithm',
          'keyId',
          'agent',
          'artifact',
          'module',
          'algorithm',
          'keySize',
        ])
          expect(op.details, field).toHaveProperty(field);
      }
      const policy = trail.find((r) => r.action === 'POLICY_EVALUATED');
      if (policy) expect(['pass', 'fail']).toContain(policy.details.policyResult);
    }
    expect([...shapes].sort()).toEqual(
      [
        'SIGNING_REQUESTED:DENIED',
        'SIGNING_REQUESTED:SUCCESS POLICY_EVALUATED:DENIED',
        'SIGNING_REQUESTED:SUCCESS POLICY_EVALUATED:SUCCESS SIGNING_OPERATION',
        'SIGNING_REQUESTED:SUCCESS POLICY_EVALUATED:SUCCESS APPROVAL_REQUESTED:SUCCESS APPROVAL_DENIED:DENIED',
        'SIGNING_REQUESTED:SUCCESS POLICY_EVALUATED:SUCCESS APPROVAL_REQUESTED:SUCCESS APPROVAL_GRANTED:SUCCESS SIGNING_OPERATION',
      ].sort(),
    );
  });

  it('plants exactly one signing with a key after its revocation, as DEMO_ANOMALIES says', () => {
    const a = DEMO_ANOMALIES.keyUsedAfterRevocation;
    const revokedAt = new Map<string, string>();
    const misuses: AuditRecord[] = [];
    for (const r of events) {
      if (r.action === 'KEY_REVOKED' || r.action === 'KEY_DEACTIVATED') revokedAt.set(r.entity.id, r.timestamp);
      if (r.action === 'SIGNING_OPERATION' && revokedAt.has(String(r.details.keyId))) misuses.push(r);
    }
    expect(misuses.map((r) => [r.id, r.details.keyId, r.actor.id, r.timestamp])).toEqual([
      [a.signingEventId, a.keyId, a.actorId, a.signedAt],
    ]);
    expect(revokedAt.get(a.keyId)).toBe(a.revokedAt);
    expect(events.find((r) => r.id === a.revokedEventId)?.action).toBe('KEY_REVOKED');
  });

  it('plants a burst of denials from one person within a few minutes, and no other user or service has one', () => {
    const burst = DEMO_ANOMALIES.denialBurst;
    const byActor = new Map<string, AuditRecord[]>();
    for (const r of events.filter((e) => e.status === 'DENIED' && e.actor.type !== 'system'))
      byActor.set(r.actor.id, [...(byActor.get(r.actor.id) ?? []), r]);
    const windowMs = 5 * 60_000;
    const bursty = [...byActor].filter(([, denied]) =>
      denied.some(
        (d, i) => i + 5 < denied.length && Date.parse(denied[i + 5].timestamp) - Date.parse(d.timestamp) < windowMs,
      ),
    );
    expect(bursty.map(([actor]) => actor)).toEqual([burst.actorId]);
    expect(byActor.get(burst.actorId)!.map((r) => r.id)).toEqual(burst.eventIds);
    expect(Date.parse(burst.to) - Date.parse(burst.from)).toBeLessThan(windowMs);
  });

  it('plants exactly one signing at 3 a.m. UTC, outside the working hours of every other signing (docs/demo.md)', () => {
    // The default demo (20,000 events): every other signing falls between 07:00 and 20:15 UTC.
    const all = [...generateDemoEvents({ count: 20_000 })];
    const clock = (r: AuditRecord) => r.timestamp.slice(11, 16);
    const night = all.filter((r) => r.action === 'SIGNING_OPERATION' && (clock(r) < '07:00' || clock(r) >= '20:15'));
    expect(night.map((r) => r.id)).toEqual([DEMO_ANOMALIES.nightSigning.eventId]);
    expect(hourOf(night[0])).toBe(3);
    expect(night[0].details.artifact).toBe(DEMO_ANOMALIES.nightSigning.artifact);
  });

  it('keeps the anomalies whatever the seed when the demo has minEvents events', () => {
    for (const seed of [1, 2, 3]) {
      const ids = new Set([...generateDemoEvents({ count: DEMO_ANOMALIES.minEvents, seed })].map((r) => r.id));
      expect(ids.has(DEMO_ANOMALIES.keyUsedAfterRevocation.signingEventId)).toBe(true);
      expect(ids.has(DEMO_ANOMALIES.denialBurst.eventIds.at(-1)!)).toBe(true);
      expect(ids.has(DEMO_ANOMALIES.nightSigning.eventId)).toBe(true);
    }
  });

  it('starts on the day asked for, and the anomaly times move with it', () => {
    const start = new Date('2025-11-20T15:00:00Z');
    const first = [...generateDemoEvents({ count: 3000, start })];
    expect(first[0].timestamp.startsWith('2025-11-20T00:00')).toBe(true);
    const night = demoAnomalies(start).nightSigning;
    expect(night.timestamp.startsWith('2025-11-20T03:14')).toBe(true);
    expect(first.some((r) => r.id === night.eventId && r.timestamp === night.timestamp)).toBe(true);
  });
});
