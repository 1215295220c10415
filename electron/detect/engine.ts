// Runs loaded rules over a store: one pass in time order with the enrichment kept current,
// detection rules evaluated per event, correlation windows fed from their base rules.
import type { AuditRecord, JsonValue } from '../../shared/event';
import type { Db } from '../store/db';
import {
  chainAt,
  countEventsFrom,
  earliestRequestHistory,
  lastEvent,
  latestTime,
  MAX_PLANNED_RULES,
  earliestTimeAfter,
  enrichmentHistory,
  enrichmentHistoryAtCut,
  eventsForPlans,
  keywordMatches,
  planLets,
  ROW,
  type DetectionRow,
} from '../store/detections';
import { byTimeThenSeq, CorrelationState, mergeEvents, type Item } from './correlate';
import { DENIAL_MEMORY_MS, EnrichmentState, type EnrichInput, type Enrichment, type LifecycleState } from './enrich';
import { detailsValue } from './fields';
import { HEARTBEAT, probe, RULE, SEQ } from './probe';
import type { CorrelationRule, DetectionRule, EventRef, FieldSource, Rule, RuleSummary } from './types';

export interface RunOptions {
  /** Only events after this seq (and the correlation windows they touch) are evaluated. */
  sinceSeq?: number;
  signal?: AbortSignal;
  progress?(done: number, total: number): void;
  /**
   * 'plans' (default): the store reads only the events some rule's plan lets through, or the
   * enrichment needs, and a rule is evaluated only where its plan lets the event through.
   * 'code': every rule on every event (the reference the plans are tested against).
   */
  evaluation?: 'plans' | 'code';
  /**
   * Key and certificate states an earlier run over this store left (RunResult.lifecycle): an
   * incremental run starts from the latest one that still holds instead of replaying the trail's
   * lifecycle events. Kept in the process's memory only, never in the case file.
   */
  lifecycle?: LifecycleSnapshots;
  /**
   * One part of a full run split by time over several workers (split.ts): only events dated in
   * [from, to) make hits (a correlation hit: when such an event completes it). The part reads no
   * event dated at or after `to`; from `from` minus the correlations' reach it starts, like an
   * incremental run, from the enrichment state replayed from the store's history, so its
   * enrichment and correlation windows are those of a run over the whole trail.
   */
  part?: RunPart;
}

/** A time range of a split run: `from` included, `to` excluded, null: the trail's start or end. */
export interface RunPart {
  from: string | null;
  to: string | null;
}

/**
 * The key and certificate state at UTC midnights of the trail's last days, for the next
 * incremental run. Each state is the one over every event dated before `at`; the set holds for the
 * store `store` as long as its first `seq` events are the ones whose last chain hash is `chain`,
 * and no later event is dated before `at` (checked before use: a state from another store, or a
 * store since rewritten or given older events, is not used).
 */
export interface LifecycleSnapshots {
  store: string;
  seq: number;
  chain: string;
  states: { at: string; state: LifecycleState }[];
}

/** Days back from the trail's last event that lifecycle states are kept for. */
const LIFECYCLE_DAYS = 7;
const DAY_MS = 86_400_000;
/** Most keys and certificates a lifecycle state holds; with more, none is kept and runs replay. */
export const MAX_LIFECYCLE_ENTRIES = 100_000;

export interface RuleHit {
  rule: RuleSummary;
  events: EventRef[];
  /** In a part of a split run, a correlation hit's rule and group: split.ts joins the parts' hits of one window. */
  group?: string;
}

export interface RunResult {
  hits: RuleHit[];
  /** Every rule run, with its hit count. */
  rules: (RuleSummary & { hits: number })[];
  /** Events the run covered (after sinceSeq's window start). */
  scanned: number;
  /** Of those, the events read into code (the rest no rule's plan and no enrichment needed). */
  read: number;
  ms: number;
  /** Lifecycle states for the next incremental run over this store file (none for a store in memory). */
  lifecycle?: LifecycleSnapshots;
  /** Where an incremental run's key and certificate state came from. */
  lifecycleFrom?: 'history' | 'snapshot';
  /** The run (or part) held too many keys and certificates to keep lifecycle states (split.ts). */
  lifecycleDropped?: boolean;
}

const isoAt = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
const toMs = (ts: string) => Date.parse(ts.length > 24 ? ts.slice(0, 23) + 'Z' : ts);

/** A stored event as rules and the enrichment see it: its columns, its details parsed on demand. */
class StoredEvent implements FieldSource, EnrichInput {
  readonly seq: number;
  readonly id: string;
  readonly ts: string;
  readonly action: string;
  readonly actorId: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityName: string | undefined;
  readonly status: string;
  readonly requestId: string | null;
  readonly keyId: string | null;
  enrichment: Enrichment | null = null;
  private parsed: Record<string, JsonValue> | null = null;
  constructor(private row: DetectionRow) {
    this.seq = row[ROW.seq];
    this.id = row[ROW.eventId];
    this.ts = row[ROW.ts];
    this.action = row[ROW.action];
    this.actorId = row[ROW.actorId];
    this.entityType = row[ROW.entityType];
    this.entityId = row[ROW.entityId];
    this.entityName = row[ROW.entityName] ?? undefined;
    this.status = row[ROW.status];
    this.requestId = row[ROW.requestId];
    this.keyId = row[ROW.keyId];
  }
  get timestamp(): string {
    return this.ts;
  }
  details(): Record<string, JsonValue> {
    return (this.parsed ??= (JSON.parse(this.row[ROW.canon]) as AuditRecord).details);
  }
  get(field: string): unknown {
    const e = this.enrichment;
    if (e && field in e) return e[field as keyof Enrichment];
    const r = this.row;
    switch (field) {
      case 'id':
        return this.id;
      case 'timestamp':
        return this.ts;
      case 'actor.id':
        return this.actorId;
      case 'actor.type':
        return r[ROW.actorType];
      case 'action':
        return this.action;
      case 'category':
        return r[ROW.category];
      case 'entity.type':
        return this.entityType;
      case 'entity.id':
        return this.entityId;
      case 'entity.name':
        return this.entityName;
      case 'status':
        return this.status;
      case 'request_id':
        return this.requestId ?? undefined;
      case 'key_id':
        return this.keyId ?? undefined;
    }
    if (field.startsWith('details.')) return detailsValue(this.details(), field.slice('details.'.length));
    return undefined;
  }
  text(): string {
    return this.row[ROW.canon];
  }
}

export function summarize(rule: Rule, reports: boolean): RuleSummary {
  const { id, title, level, tags, description, file } = rule.meta;
  return { id, title, level, tags, description, file, kind: rule.kind, reports };
}

/** Base rules of correlations report hits of their own only when a correlation says `generate: true`. */
export function reportingRules(rules: Rule[]): Set<string> {
  const referenced = new Set<string>();
  const generated = new Set<string>();
  for (const r of rules) {
    if (r.kind !== 'correlation') continue;
    for (const id of r.rules) {
      referenced.add(id);
      if (r.generate) generated.add(id);
    }
  }
  return new Set(rules.filter((r) => !referenced.has(r.meta.id) || generated.has(r.meta.id)).map((r) => r.meta.id));
}

/** The longest time back a new event can reach through correlations (chains add up). */
function reach(rules: Rule[]): number {
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const memo = new Map<string, number>();
  const of = (id: string): number => {
    const r = byId.get(id);
    if (!r || r.kind !== 'correlation') return 0;
    if (memo.has(id)) return memo.get(id)!;
    memo.set(id, 0);
    const v = r.timespanMs + Math.max(0, ...r.rules.map(of));
    memo.set(id, v);
    return v;
  };
  return Math.max(0, ...rules.map((r) => of(r.meta.id)));
}

/** Hits by rule (in the order of these rule ids), then by their first event's time and seq. */
export function sortHits(ruleIds: string[], hits: RuleHit[]): void {
  const order = new Map(ruleIds.map((id, i) => [id, i]));
  hits.sort((a, b) => order.get(a.rule.id)! - order.get(b.rule.id)! || byTimeThenSeq(a.events[0], b.events[0]));
}

/**
 * How one run joins a correlation firing to its rule's open hit of the same group: when the firing
 * starts at or before the open hit's last event, its events join that hit (each once, in time
 * order) and true is returned; otherwise the firing is a hit of its own (false).
 */
export function joinOpenHit(open: RuleHit | undefined, events: EventRef[]): boolean {
  if (!open || open.events[open.events.length - 1].ts < events[0].ts) return false;
  open.events = mergeEvents([open.events, events]);
  return true;
}

export function runRules(db: Db, rules: Rule[], options: RunOptions = {}): RunResult {
  const started = performance.now();
  const since = options.sinceSeq ?? 0;
  const part = options.part ?? null;
  if (part && since > 0) throw new Error('a split run is a full run (no sinceSeq)');
  const partFrom = part?.from ?? null;
  const partTo = part?.to ?? null;
  const reports = reportingRules(rules);
  const detections = rules.filter((r): r is DetectionRule => r.kind === 'detection');
  const correlations = rules.filter((r): r is CorrelationRule => r.kind === 'correlation');
  const states = new Map(correlations.map((c) => [c.meta.id, new CorrelationState(c)]));
  /** rule id → correlations that take its matches or firings. */
  const consumers = new Map<string, CorrelationState[]>();
  for (const c of correlations)
    for (const id of c.rules) {
      const list = consumers.get(id) ?? [];
      list.push(states.get(c.meta.id)!);
      consumers.set(id, list);
    }
  const summaries = new Map(rules.map((r) => [r.meta.id, summarize(r, reports.has(r.meta.id))]));
  const hits: RuleHit[] = [];
  /** Open correlation hits per rule and group, so overlapping firings make one hit. */
  const open = new Map<string, RuleHit>();

  for (const r of detections) for (const k of r.keywords) k.candidates = k.fts ? keywordMatches(db, k.fts) : null;

  let fromTs: string | null = null;
  let total = 0;
  const enrichment = new EnrichmentState();
  const file = db.memory || !db.name ? null : db.name;
  const last = file === null ? null : lastEvent(db);
  /** States carried over from the earlier run's snapshots, and the midnights this scan records. */
  const lifecycles: LifecycleSnapshots['states'] = [];
  let lifecycleFrom: RunResult['lifecycleFrom'];
  if (since > 0) {
    const earliest = earliestTimeAfter(db, since);
    if (earliest === null) return finish();
    const from = toMs(earliest) - reach(rules);
    fromTs = isoAt(from);
    const denialsFrom = isoAt(from - DENIAL_MEMORY_MS - 1000);
    const snapshot = usableLifecycle(db, file, options.lifecycle, fromTs, denialsFrom);
    if (snapshot) {
      enrichment.restoreLifecycle(snapshot.use.state);
      lifecycles.push(...snapshot.valid);
    }
    lifecycleFrom = snapshot ? 'snapshot' : 'history';
    for (const row of enrichmentHistory(db, fromTs, denialsFrom, snapshot?.use.at ?? null))
      enrichment.apply(new StoredEvent(row));
  } else if (partFrom !== null) {
    // A later part of a split run: the state at its start, as an incremental run's without snapshots.
    const from = toMs(partFrom) - reach(rules);
    fromTs = isoAt(from);
    for (const row of enrichmentHistoryAtCut(db, fromTs, isoAt(from - DENIAL_MEMORY_MS - 1000)))
      enrichment.apply(new StoredEvent(row));
  }
  // UTC midnights of the trail's last days (from the scan's start) where the scan records the state.
  const marks: string[] = [];
  const latest = last === null ? null : latestTime(db);
  if (latest !== null && options.evaluation !== 'code') {
    const day = Math.floor(toMs(latest) / DAY_MS) * DAY_MS;
    for (let d = LIFECYCLE_DAYS - 1; d >= 0; d--) {
      const at = isoAt(day - d * DAY_MS);
      if (
        (fromTs === null || at >= fromTs) &&
        (partFrom === null || at >= partFrom) &&
        (partTo === null || at < partTo)
      )
        marks.push(at);
    }
  }
  let nextMark = 0;
  let lifecycleDropped = false;
  const record = (ts: string | null) => {
    while (nextMark < marks.length && (ts === null || ts >= marks[nextMark])) {
      const at = marks[nextMark++];
      // Past this many keys and certificates, states are not kept (seven copies in memory). The
      // maps also hold those only other events named, which a state leaves out (a split run's
      // later part has not met them): counted in the state, so every part decides as one run does.
      let state: LifecycleState | null = null;
      if (enrichment.lifecycleSize > MAX_LIFECYCLE_ENTRIES) {
        state = enrichment.lifecycle();
        if (state.keys.length + state.certs.length > MAX_LIFECYCLE_ENTRIES) {
          lifecycles.length = 0;
          nextMark = marks.length;
          lifecycleDropped = true;
          return;
        }
      }
      state ??= enrichment.lifecycle();
      const i = lifecycles.findIndex((s) => s.at >= at);
      if (i >= 0 && lifecycles[i].at === at) lifecycles[i] = { at, state };
      else lifecycles.splice(i < 0 ? lifecycles.length : i, 0, { at, state });
    }
  };
  total = countEventsFrom(db, fromTs, partTo);
  options.progress?.(0, total);
  let scanned = 0;
  /** The event being evaluated is one this run reports hits for (in a split run's part: dated in it). */
  let reporting = true;

  function observe(row: DetectionRow): StoredEvent {
    const ev = new StoredEvent(row);
    ev.enrichment = enrichment.observe(ev);
    return ev;
  }

  const isNew = (events: EventRef[]) => events.some((e) => e.seq > since);

  function emit(corr: CorrelationRule, item: Item): void {
    const fired = states.get(corr.meta.id)!.add(item);
    if (!fired) return;
    if (reporting && reports.has(corr.meta.id) && isNew(fired.events)) {
      const key = corr.meta.id + '\u0000' + JSON.stringify(fired.group);
      if (!joinOpenHit(open.get(key), fired.events)) {
        const hit: RuleHit = { rule: summaries.get(corr.meta.id)!, events: fired.events };
        if (part) hit.group = key;
        hits.push(hit);
        open.set(key, hit);
      }
    }
    const up = consumers.get(corr.meta.id);
    if (!up) return;
    const group = fired.group;
    const next: Item = { t: fired.t, seq: fired.seq, ruleId: corr.meta.id, get: (f) => group[f], events: fired.events };
    for (const parent of up) emit(parent.rule, next);
  }

  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i + 1]));
  const slots = probe.slots;
  const plans = options.evaluation === 'code' ? detections.map(() => null) : detections.map((r) => r.prefilter);
  // Past the store's limit on plans, every event carries only plan 0's bit (store/detections.ts).
  const flagged = detections.map((r, i) => [r, plans.length > MAX_PLANNED_RULES ? 0 : i] as const);
  for (const row of eventsForPlans(db, fromTs, plans, partTo)) {
    if (options.signal?.aborted) throw new Error('Detection run cancelled.');
    if (++scanned % 20_000 === 0) options.progress?.(scanned, total);
    if (nextMark < marks.length) record(row[ROW.ts]);
    if (!flagged.some(([, f]) => planLets(row, f))) {
      // Only the enrichment needs it.
      enrichment.apply(new StoredEvent(row));
      continue;
    }
    const ev = observe(row);
    if (partFrom !== null) reporting = ev.ts >= partFrom;
    const ref: EventRef = { seq: ev.seq, id: ev.id, ts: ev.ts };
    if (slots) {
      Atomics.add(slots, HEARTBEAT, 1);
      slots[SEQ] = ev.seq;
    }
    let t = NaN;
    for (const [r, f] of flagged) {
      if (!planLets(row, f)) continue;
      if (r.categories && !r.categories.includes(row[ROW.category])) continue;
      if (slots) slots[RULE] = ruleIndex.get(r.meta.id)!;
      const matched = r.match(ev);
      if (slots) slots[RULE] = 0;
      if (!matched) continue;
      if (reporting && reports.has(r.meta.id) && ev.seq > since)
        hits.push({ rule: summaries.get(r.meta.id)!, events: [ref] });
      const up = consumers.get(r.meta.id);
      if (!up) continue;
      if (Number.isNaN(t)) t = toMs(ev.ts);
      const item: Item = { t, seq: ev.seq, ruleId: r.meta.id, get: (f) => ev.get(f), events: [ref] };
      for (const c of up) emit(c.rule, item);
    }
  }
  options.progress?.(total, total);
  record(null);
  return finish();

  function finish(): RunResult {
    const counts = new Map<string, number>();
    for (const h of hits) counts.set(h.rule.id, (counts.get(h.rule.id) ?? 0) + 1);
    sortHits(
      rules.map((r) => r.meta.id),
      hits,
    );
    const oldest =
      latest === null ? '' : isoAt(Math.floor(toMs(latest) / DAY_MS) * DAY_MS - (LIFECYCLE_DAYS - 1) * DAY_MS);
    return {
      hits,
      rules: rules.map((r) => ({ ...summaries.get(r.meta.id)!, hits: counts.get(r.meta.id) ?? 0 })),
      // A part counts the events dated in it: its start, read for the windows, belongs to the part
      // before (counted over that short range, not over the part again).
      scanned: partFrom !== null && fromTs !== null ? total - countEventsFrom(db, fromTs, partFrom) : total,
      read: scanned,
      ms: Math.round(performance.now() - started),
      lifecycle:
        file !== null && last !== null && lifecycles.length
          ? { store: file, seq: last.seq, chain: last.chain, states: lifecycles.filter((s) => s.at >= oldest) }
          : undefined,
      lifecycleFrom,
      ...(lifecycleDropped ? { lifecycleDropped } : {}),
    };
  }
}

/**
 * The latest lifecycle state an incremental run from `fromTs` can start from, and every state of
 * the set that still holds, or null. A state holds when the set is this store file's, the store's
 * event `seq` still has the set's chain hash (so its first `seq` events are the ones the state
 * was computed from), and no event after `seq` is dated before the state's time. The run replays
 * the request events from the earliest one it reads, so the state must be dated no later than
 * that event (a signing request reads the key's status at its own time) nor than `fromTs`.
 */
function usableLifecycle(
  db: Db,
  file: string | null,
  snapshots: LifecycleSnapshots | undefined,
  fromTs: string,
  denialsFromTs: string,
): { use: LifecycleSnapshots['states'][number]; valid: LifecycleSnapshots['states'] } | null {
  if (!snapshots || file === null || snapshots.store !== file) return null;
  if (chainAt(db, snapshots.seq) !== snapshots.chain) return null;
  const newer = earliestTimeAfter(db, snapshots.seq);
  // No event after seq is dated before a state's time: min(ts) of those events, through their seq range.
  const valid = snapshots.states.filter((s) => newer === null || s.at <= newer);
  const requests = earliestRequestHistory(db, fromTs, denialsFromTs);
  const limit = requests !== null && requests < fromTs ? requests : fromTs;
  const usable = valid.filter((s) => s.at <= limit);
  return usable.length ? { use: usable[usable.length - 1], valid } : null;
}
