// A full run split by time over several workers (one per core): each part scans its own time
// range of the trail (engine.ts, RunOptions.part), and the parts' results are joined here into the
// result of one run over the whole trail.
//
// Each later part starts from the state a run over the whole trail has at its start: the key and
// certificate lifecycles before it, the signing requests that have events in it (with their
// earlier events: requester, approvers, policy, the key's status at the request's time) and the
// denials of the enrichment's 24 h memory, replayed from the store's indexes as an incremental
// run does; and it reads the events of the correlations' reach before its start, so their windows
// hold what they hold in one run. A part reports only the events dated in it, and the correlation
// firings those events complete. What is left is a correlation hit whose window straddles a cut:
// one run merges a firing into the rule's open hit of the same group when they overlap; a part
// cannot see the earlier part's open hit, so its first hit of each group is merged here, under the
// same condition.
import os from 'node:os';
import type { Db } from '../store/db';
import { splitTimes } from '../store/detections';
import { joinOpenHit, runRules, sortHits, type RuleHit, type RunPart, type RunResult } from './engine';
import type { Rule } from './types';

/** Below this many events a run is not split: a second worker's start and history cost more than it saves. */
export const MIN_SPLIT_EVENTS = 150_000;
/** Most parts a run is split into. */
const MAX_PARTS = 4;

/** How many workers a full run uses on this machine: one per core, at most MAX_PARTS. */
export function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_PARTS, cores));
}

/**
 * The later parts replay the store's history before they scan (0.6 s of CPU at the middle of
 * 1,000,000 demo events) and read the correlations' reach before their cut: the first part is
 * given a little more of the trail (measured at 1M: 1.1 left the second part 0-8 % more CPU).
 */
const FIRST_PART_WEIGHT = 1.15;

/** The time ranges of a run split into `parts` (fewer when the trail's times do not allow as many). */
export function splitParts(db: Db, parts: number): RunPart[] {
  if (parts < 2) return [{ from: null, to: null }];
  const weights = Array.from({ length: parts }, (_, i) => (i === 0 ? FIRST_PART_WEIGHT : 1));
  const cuts = splitTimes(db, parts, weights);
  const bounds = [null, ...cuts, null];
  return bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1] }));
}

/** The parts' results (in time order) as the result of one run over the whole trail. */
export function mergeParts(parts: RunResult[]): RunResult {
  const hits: RuleHit[] = [];
  /** Per correlation rule and group, its latest hit so far (one run's open hit). */
  const open = new Map<string, RuleHit>();
  for (const part of parts) {
    const seen = new Set<string>();
    for (const hit of part.hits) {
      const { group, ...plain } = hit;
      if (group === undefined) {
        hits.push(plain);
        continue;
      }
      // One run would have joined this part's first firing to the open hit (engine.ts, emit).
      if (seen.has(group) || !joinOpenHit(open.get(group), plain.events)) {
        hits.push(plain);
        open.set(group, plain);
      }
      seen.add(group);
    }
  }
  sortHits(
    parts[0].rules.map((r) => r.id),
    hits,
  );
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.rule.id, (counts.get(h.rule.id) ?? 0) + 1);
  const dropped = parts.some((p) => p.lifecycleDropped);
  const withStates = parts.filter((p) => p.lifecycle);
  const lifecycle =
    dropped || withStates.length === 0
      ? undefined
      : { ...withStates[0].lifecycle!, states: withStates.flatMap((p) => p.lifecycle!.states) };
  return {
    hits,
    rules: parts[0].rules.map((r) => ({ ...r, hits: counts.get(r.id) ?? 0 })),
    scanned: parts.reduce((n, p) => n + p.scanned, 0),
    read: parts.reduce((n, p) => n + p.read, 0),
    ms: Math.max(...parts.map((p) => p.ms)),
    lifecycle,
    ...(dropped ? { lifecycleDropped: true } : {}),
  };
}

/** A split run on this thread, part after part (tests, and the reference the workers are checked against). */
export function runSplit(db: Db, rules: Rule[], parts: RunPart[]): RunResult {
  return mergeParts(parts.map((part) => runRules(db, rules, { part })));
}
