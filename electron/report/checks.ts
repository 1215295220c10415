// The checks a framework's controls are evidenced by (the framework files name them by ID).
// Each computes its figures from the store through ReportQueries, shows the queries it ran, and
// gives a verdict with the reason. Where a check needs a detection (retired keys, self-approval,
// denial bursts) it uses its own store query until the Sigma detections land (docs/compliance.md).
import type { CheckResult, Figure, SampleEvent, Verdict } from '../../shared/report';
import type { VerifyReport } from '../../shared/results';
import {
  ADMIN_ACTIONS_WHERE,
  CREDENTIAL_WHERE,
  FAILED_LOGIN_WHERE,
  type ReportQueries,
  type SampleRow,
} from '../store/reportQueries';

export interface CheckContext {
  verify: VerifyReport;
  verifierKey: string;
  cryptoperiodDays: number;
  maxGapHours: number;
  /** End of the reporting period: the age of keys still in use is measured to it. */
  asOf: string;
}

type Body = Omit<CheckResult, 'id' | 'title' | 'how' | 'queries'>;

interface CheckDef {
  title: string;
  how: string;
  run(q: ReportQueries, ctx: CheckContext): Body;
}

export function toSamples(rows: SampleRow[]): SampleEvent[] {
  return rows.map((r) => ({
    seq: r.seq,
    eventId: r.event_id,
    timestamp: r.ts,
    action: r.action,
    actorId: r.actor_id,
    status: r.status,
    leafHex: Buffer.from(r.leaf).toString('hex'),
    proof: null,
  }));
}

const NOT_EVIDENCED: Verdict = 'not evidenced by this trail';

function breakdown(rows: { key: string; n: number }[], prefix = ''): Figure[] {
  return rows.map((r) => ({ label: `${prefix}${r.key}`, value: r.n }));
}

const JOURNAL_TABLES = ['journal', 'journal_entries'];

function journalTable(q: ReportQueries): string | null {
  return JOURNAL_TABLES.find((t) => q.hasTable(t)) ?? null;
}

export const CHECKS: Record<string, CheckDef> = {
  'admin-actions': {
    title: 'Administrative actions are logged',
    how: 'Counts the events of administrative actions in the period: key and certificate lifecycle, policy, account and configuration changes, agent registration and updates, by action.',
    run(q) {
      const n = q.count(ADMIN_ACTIONS_WHERE);
      const by = q.countBy('action', ADMIN_ACTIONS_WHERE);
      const withoutActor = q.count(`${ADMIN_ACTIONS_WHERE} AND actor_id = ''`);
      return {
        figures: [
          { label: 'administrative actions', value: n },
          { label: 'without an actor', value: withoutActor },
          ...breakdown(by),
        ],
        verdict: n === 0 ? NOT_EVIDENCED : withoutActor > 0 ? 'attention' : 'satisfied',
        reason:
          n === 0
            ? 'No administrative action is in the trail for this period.'
            : `${n} administrative actions are recorded, each naming its actor.`,
        samples: toSamples(q.samples(ADMIN_ACTIONS_WHERE)),
      };
    },
  },
  'invalid-access': {
    title: 'Invalid access attempts are logged',
    how: 'Counts every FAILURE and DENIED event in the period, with failed logins and policy denials broken out.',
    run(q) {
      const failures = q.count(`status = 'FAILURE'`);
      const denied = q.count(`status = 'DENIED'`);
      const logins = q.count(FAILED_LOGIN_WHERE);
      const policy = q.count(`status = 'DENIED' AND category IN ('policy', 'signing')`);
      const total = failures + denied;
      return {
        figures: [
          { label: 'FAILURE or DENIED events', value: total },
          { label: 'FAILURE', value: failures },
          { label: 'DENIED', value: denied },
          { label: 'failed logins', value: logins },
          { label: 'policy denials (policy and signing DENIED)', value: policy },
        ],
        verdict: total === 0 ? NOT_EVIDENCED : 'satisfied',
        reason:
          total === 0
            ? 'No failed or denied attempt is in the trail, so its logging cannot be shown from it.'
            : `${total} failed or denied attempts are recorded with actor, time and status.`,
        samples: toSamples(q.samples(`status IN ('FAILURE', 'DENIED')`)),
      };
    },
  },
  'credential-changes': {
    title: 'Changes to credentials and keys are logged',
    how: 'Counts key and certificate lifecycle events and role changes in the period, by action.',
    run(q) {
      const n = q.count(CREDENTIAL_WHERE);
      return {
        figures: [
          { label: 'credential and key changes', value: n },
          ...breakdown(q.countBy('action', CREDENTIAL_WHERE)),
        ],
        verdict: n === 0 ? NOT_EVIDENCED : 'satisfied',
        reason:
          n === 0 ? 'No credential or key change is in the trail.' : `${n} credential and key changes are recorded.`,
        samples: toSamples(q.samples(CREDENTIAL_WHERE)),
      };
    },
  },
  'logging-continuity': {
    title: 'Start and stop of audit logging; gaps in time and sequence',
    how: "Counts SYSTEM_STARTED and SYSTEM_STOPPED events, looks for silences between consecutive events longer than the configured limit, and checks that the store's seq runs 1..n without a hole.",
    run(q, ctx) {
      const starts = q.count(`action = 'SYSTEM_STARTED'`);
      const stops = q.count(`action = 'SYSTEM_STOPPED'`);
      const span = q.seqSpan();
      // seq starts at 1, so the numbers missing are max(seq) - count.
      const seqHoles = span.n === 0 ? 0 : (span.hi ?? 0) - span.n;
      const { total: gapCount, longest: gaps } = q.timeGaps(ctx.maxGapHours * 3600);
      const figures: Figure[] = [
        { label: 'SYSTEM_STARTED', value: starts },
        { label: 'SYSTEM_STOPPED', value: stops },
        { label: 'events in the store', value: span.n },
        { label: 'missing seq numbers', value: seqHoles },
        { label: `silences longer than ${ctx.maxGapHours} h`, value: gapCount },
      ];
      for (const g of gaps)
        figures.push({
          label: `silence after seq ${g.before_seq}`,
          value: `${(g.gap_s / 3600).toFixed(1)} h (${g.from_ts} → ${g.to_ts})`,
        });
      const attention = seqHoles > 0 || gapCount > 0;
      return {
        figures,
        verdict: span.n === 0 ? NOT_EVIDENCED : attention ? 'attention' : 'satisfied',
        reason: attention
          ? 'The trail has a silence longer than the limit or a hole in its sequence: check whether logging stopped.'
          : 'The sequence has no hole and no silence exceeds the limit.',
        samples: toSamples(
          gaps.length
            ? q.samplesBySeq(gaps.slice(0, 3).map((g) => g.after_seq))
            : q.samples(`action IN ('SYSTEM_STARTED', 'SYSTEM_STOPPED')`),
        ),
      };
    },
  },
  'field-completeness': {
    title: 'Required fields are present in every record',
    how: 'For every event in the period, counts the records where each required field is present and not empty: user (actor), type of event (action), date and time, success or failure (status), affected resource (entity), event ID; for signing events the request ID and key ID; origination (agent, source IP or host) for signing operations.',
    run(q) {
      const c = q.completeness();
      const total = c.total ?? 0;
      const pct = (n: number, of: number) => (of === 0 ? 'n/a' : `${n} of ${of} (${((100 * n) / of).toFixed(2)} %)`);
      const required = ['event_id', 'timestamp', 'actor', 'action', 'entity', 'status'];
      const incomplete = required.filter((f) => (c[f] ?? 0) < total);
      const originGap = (c.signing_origin ?? 0) < (c.signing_ops ?? 0);
      return {
        figures: [
          ...required.map((f) => ({ label: f, value: pct(c[f] ?? 0, total) })),
          { label: 'signing events with a request ID', value: pct(c.signing_request_id ?? 0, c.signing_total ?? 0) },
          { label: 'signing operations with a key ID', value: pct(c.signing_key_id ?? 0, c.signing_ops ?? 0) },
          { label: 'signing operations with an origin', value: pct(c.signing_origin ?? 0, c.signing_ops ?? 0) },
        ],
        verdict: total === 0 ? NOT_EVIDENCED : incomplete.length || originGap ? 'attention' : 'satisfied',
        reason:
          total === 0
            ? 'No event in the period.'
            : incomplete.length
              ? `Some records lack: ${incomplete.join(', ')}.`
              : originGap
                ? 'Every record has the required fields, but some signing operations name no origin (agent, IP or host).'
                : 'Every record in the period has every required field.',
        samples: toSamples(q.samples('1')),
      };
    },
  },
  integrity: {
    title: 'Protection from modification and change detection',
    how: "Verifies the whole store (hash chain, Merkle roots, signed checkpoints; docs/integrity.md) and reports the verdict, the checkpoints and this installation's witness key that signs them. The store refuses UPDATE and DELETE by trigger.",
    run(q, ctx) {
      const cp = q.checkpoints();
      const v = ctx.verify;
      return {
        figures: [
          { label: 'verification', value: v.ok ? 'passed' : `FAILED (${v.findings.length} findings)` },
          { label: 'events verified', value: v.eventsChecked },
          { label: 'signed checkpoints', value: cp.n },
          { label: 'newest checkpoint covers', value: cp.newest_size ?? 0 },
          { label: 'events after the newest checkpoint', value: v.unsealed },
          { label: 'witness (installation key)', value: ctx.verifierKey },
        ],
        verdict: v.ok && cp.n > 0 && v.unsealed === 0 ? 'satisfied' : 'attention',
        reason: !v.ok
          ? `Verification failed: ${v.findings[0]?.message ?? 'see the findings'}.`
          : cp.n === 0
            ? 'The store has no signed checkpoint yet.'
            : v.unsealed > 0
              ? `${v.unsealed} events are not yet sealed by a checkpoint.`
              : 'Every event is chained and covered by a signed checkpoint, and verification passed.',
        samples: [],
      };
    },
  },
  retention: {
    title: 'Retention: the last 12 months covered, the last 3 immediately available',
    how: 'Counts events per calendar month (UTC) over the 12 months that end with the period, and checks that each month has events; the last 3 must too (a case file is immediately available).',
    run(q, ctx) {
      const end = new Date(ctx.asOf.slice(0, 10) + 'T00:00:00Z');
      const wanted: string[] = [];
      for (let i = 11; i >= 0; i--) {
        const d = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i, 1));
        wanted.push(d.toISOString().slice(0, 7));
      }
      const months = new Map(q.months(wanted).map((m) => [m.month, m.n]));
      const covered = wanted.filter((m) => (months.get(m) ?? 0) > 0);
      const recent = wanted.slice(-3).filter((m) => (months.get(m) ?? 0) > 0);
      const span = q.timeSpan();
      return {
        figures: [
          { label: 'months of the last 12 with events', value: `${covered.length} of 12` },
          { label: 'months of the last 3 with events', value: `${recent.length} of 3` },
          { label: 'oldest event', value: span.lo ?? '—' },
          { label: 'newest event', value: span.hi ?? '—' },
          ...wanted.map((m) => ({ label: m, value: months.get(m) ?? 0 })),
        ],
        verdict: covered.length === 0 ? NOT_EVIDENCED : covered.length === 12 ? 'satisfied' : 'attention',
        reason:
          covered.length === 12
            ? 'Every month of the last 12 has events in this case.'
            : `Only ${covered.length} of the last 12 months have events in this case: the rest of the history must be evidenced elsewhere.`,
        samples: [],
      };
    },
  },
  cryptoperiod: {
    title: 'Cryptoperiods: key age at rotation against the limit',
    how: 'For each key, the time from KEY_GENERATED (or KEY_IMPORTED) to its KEY_ROTATED, or to its retirement, or to the end of the period if still in use; compared with the configured cryptoperiod.',
    run(q, ctx) {
      const rows = q.cryptoperiods(ctx.asOf);
      const over = rows.filter((r) => r.age_days > ctx.cryptoperiodDays);
      const rotated = rows.filter((r) => r.rotation_seq !== null);
      return {
        figures: [
          { label: 'keys with a known creation', value: rows.length },
          { label: 'keys rotated', value: rotated.length },
          { label: `cryptoperiod limit (days)`, value: ctx.cryptoperiodDays },
          { label: 'keys over the limit', value: over.length },
          { label: 'oldest key age (days)', value: rows.length ? rows[0].age_days.toFixed(1) : '—' },
          ...over.slice(0, 10).map((r) => ({ label: `over: ${r.key_id}`, value: `${r.age_days.toFixed(1)} days` })),
        ],
        verdict: rows.length === 0 ? NOT_EVIDENCED : over.length ? 'attention' : 'satisfied',
        reason:
          rows.length === 0
            ? 'No key creation is in the trail, so no key age can be measured.'
            : over.length
              ? `${over.length} keys were used past the ${ctx.cryptoperiodDays}-day cryptoperiod.`
              : `Every key was rotated or retired within ${ctx.cryptoperiodDays} days.`,
        samples: toSamples(q.samplesBySeq(rotated.slice(0, 3).map((r) => r.rotation_seq!))),
      };
    },
  },
  'retired-key-use': {
    title: 'Retired or replaced keys are not used',
    how: "Finds every successful SIGNING_OPERATION with a key after that key's KEY_REVOKED, KEY_DEACTIVATED, KEY_DESTROYED or KEY_ROTATED. Computed by this report's own store query until the Sigma detection lands.",
    run(q) {
      const hits = q.retiredKeyUse();
      const keys = new Set(hits.map((h) => h.key_id));
      return {
        figures: [
          { label: 'signings with a retired key', value: hits.length },
          { label: 'keys concerned', value: keys.size },
          ...hits.slice(0, 10).map((h) => ({
            label: `seq ${h.seq}: ${h.key_id}`,
            value: `signed ${h.ts}, after ${h.retired_by} at ${h.retired_at} (seq ${h.retired_seq})`,
          })),
        ],
        verdict: hits.length ? 'attention' : 'satisfied',
        reason: hits.length
          ? `${hits.length} signing operations used a key after it was retired.`
          : 'No signing operation used a key after its retirement.',
        samples: toSamples(q.samplesBySeq(hits.slice(0, 3).map((h) => h.seq))),
      };
    },
  },
  'self-approval': {
    title: 'Dual control: no self-approval',
    how: "Finds every APPROVAL_GRANTED whose actor is the actor of the SIGNING_REQUESTED with the same request ID. Computed by this report's own store query until the Sigma detection lands.",
    run(q) {
      const hits = q.selfApprovals();
      const approvals = q.approvals();
      return {
        figures: [
          { label: 'approval decisions', value: approvals },
          { label: 'self-approvals', value: hits.length },
          ...hits.slice(0, 10).map((h) => ({ label: `seq ${h.seq}`, value: `${h.actor_id} approved ${h.request_id}` })),
        ],
        verdict: approvals === 0 ? NOT_EVIDENCED : hits.length ? 'attention' : 'satisfied',
        reason:
          approvals === 0
            ? 'No approval is in the trail, so dual control cannot be shown from it.'
            : hits.length
              ? `${hits.length} requests were approved by their own requester.`
              : 'Every approval was granted by someone other than the requester.',
        samples: toSamples(q.samplesBySeq(hits.slice(0, 3).map((h) => h.seq))),
      };
    },
  },
  'audit-events': {
    title: 'Event types logged',
    how: 'Counts events per category in the period; the platform documents seven categories of audited events.',
    run(q) {
      const by = q.countBy('category');
      const present = by.filter((r) => r.key !== 'other');
      return {
        figures: [{ label: 'categories present (of 7)', value: present.length }, ...breakdown(by)],
        verdict: by.length === 0 ? NOT_EVIDENCED : present.length === 7 ? 'satisfied' : 'attention',
        reason:
          present.length === 7
            ? 'Every documented category of event is in the trail.'
            : `Only ${present.length} of the 7 documented categories are in the trail.`,
        samples: [],
      };
    },
  },
  'review-journal': {
    title: 'Review: verification and review entries in the journal',
    how: "Looks for the investigation journal's entries (verify and review). The journal is being added to SignTrail; until it is in the store, this trail cannot evidence review.",
    run(q) {
      const table = journalTable(q);
      const n = table ? q.tableCount(table) : 0;
      return {
        figures: [{ label: 'journal entries', value: table ? n : 'no journal in this store' }],
        verdict: n > 0 ? 'satisfied' : NOT_EVIDENCED,
        reason:
          n > 0
            ? `${n} journal entries record review of this trail.`
            : 'This store holds no journal of reviews; review must be evidenced elsewhere.',
        samples: [],
      };
    },
  },
  'non-repudiation': {
    title: "Non-repudiation: what the store's signatures prove",
    how: "Reports the signed checkpoints and the key that signs them. They prove that this installation saw exactly these events, in this order, at checkpoint time, and that nothing changed since; they do not prove who performed an action on the platform: the platform did not sign its events, so an actor's identity rests on the platform's own authentication.",
    run(q, ctx) {
      const cp = q.checkpoints();
      return {
        figures: [
          { label: 'signed checkpoints', value: cp.n },
          { label: 'newest checkpoint covers', value: cp.newest_size ?? 0 },
          { label: 'signing key (this installation)', value: ctx.verifierKey },
          { label: 'events signed by their source', value: 0 },
        ],
        verdict: cp.n === 0 ? NOT_EVIDENCED : 'attention',
        reason:
          cp.n === 0
            ? 'No signed checkpoint: the store proves nothing about its contents yet.'
            : 'The checkpoints bind the trail as imported; actions are not signed by the people who took them, so non-repudiation of actors is not evidenced by this trail.',
        samples: [],
      };
    },
  },
  'key-lifecycle': {
    title: 'Key lifecycle is managed and recorded',
    how: 'Counts key and certificate lifecycle events in the period, by action.',
    run(q) {
      const where = `category IN ('key_lifecycle', 'certificate')`;
      const n = q.count(where);
      return {
        figures: [
          { label: 'key and certificate lifecycle events', value: n },
          ...breakdown(q.countBy('action', where)),
        ],
        verdict: n === 0 ? NOT_EVIDENCED : 'satisfied',
        reason: n === 0 ? 'No key lifecycle event is in the trail.' : `${n} lifecycle events are recorded.`,
        samples: toSamples(q.samples(where)),
      };
    },
  },
  'algorithm-inventory': {
    title: 'Inventory of algorithms and key sizes in use',
    how: 'Groups signing and key lifecycle events by the algorithm, key size and digest algorithm their details name. RSA below 2048 bits, SHA-1 and MD5 are flagged.',
    run(q) {
      const rows = q.algorithms();
      const weak = rows.filter(
        (r) =>
          (typeof r.algorithm === 'string' && /^RSA/i.test(r.algorithm) && r.key_size !== null && r.key_size < 2048) ||
          (typeof r.digest === 'string' && /^(SHA-?1|MD5)$/i.test(r.digest)),
      );
      return {
        figures: [
          { label: 'distinct combinations', value: rows.length },
          { label: 'weak combinations', value: weak.length },
          ...rows.slice(0, 20).map((r) => ({
            label: `${r.algorithm ?? '—'} ${r.key_size ?? ''} ${r.digest ?? ''}`.replace(/\s+/g, ' ').trim(),
            value: r.n,
          })),
        ],
        verdict: rows.length === 0 ? NOT_EVIDENCED : weak.length ? 'attention' : 'satisfied',
        reason:
          rows.length === 0
            ? 'No event names an algorithm or key size.'
            : weak.length
              ? `${weak.length} weak algorithm or key size combinations are in use.`
              : 'Every algorithm and key size named is of current strength.',
        samples: [],
      };
    },
  },
  detections: {
    title: 'Anomalies detected and analysed',
    how: "Runs the report's own detections (a key used after retirement, self-approval, bursts of 5 or more denials by one actor within an hour) until the Sigma detections land, and looks for the journal's record of their analysis.",
    run(q) {
      const retired = q.retiredKeyUse();
      const self = q.selfApprovals();
      const bursts = q.denialBursts(5);
      const table = journalTable(q);
      const journal = table ? q.tableCount(table) : 0;
      const found = retired.length + self.length + bursts.length;
      return {
        figures: [
          { label: 'signings with a retired key', value: retired.length },
          { label: 'self-approvals', value: self.length },
          { label: 'denial bursts (≥ 5 in an hour)', value: bursts.length },
          ...bursts.map((b) => ({ label: `burst: ${b.actor_id}`, value: `${b.n} denials in ${b.hour}h` })),
          { label: 'journal entries', value: table ? journal : 'no journal in this store' },
        ],
        verdict: found && journal === 0 ? 'attention' : found === 0 && journal === 0 ? NOT_EVIDENCED : 'satisfied',
        reason:
          found && journal === 0
            ? `${found} anomalies are detected in the trail, and no journal records their analysis.`
            : found === 0 && journal === 0
              ? 'No anomaly is detected and no analysis is recorded.'
              : 'Anomalies are detected and the journal records analysis.',
        samples: toSamples(
          q.samplesBySeq(
            [...retired.map((r) => r.seq), ...self.map((s) => s.seq), ...bursts.map((b) => b.first_seq)].slice(0, 3),
          ),
        ),
      };
    },
  },
};
