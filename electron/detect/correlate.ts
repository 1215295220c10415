// Sigma correlation rules over the stream of base-rule matches, in time order: event_count,
// value_count, temporal and temporal_ordered, per group-by value, within the timespan.
import type { CorrelationRule, CountCondition, EventRef } from './types';

/** One input to a correlation: an event matched by a base rule, or a firing of a correlation it refers to. */
export interface Item {
  /** Milliseconds since the epoch. */
  t: number;
  seq: number;
  /** The rule (or correlation) this item came from. */
  ruleId: string;
  get(field: string): unknown;
  events: EventRef[];
}

export interface Firing {
  t: number;
  seq: number;
  group: Record<string, string>;
  events: EventRef[];
}

export function countHolds(c: CountCondition, n: number): boolean {
  if (c.gt !== undefined && !(n > c.gt)) return false;
  if (c.gte !== undefined && !(n >= c.gte)) return false;
  if (c.lt !== undefined && !(n < c.lt)) return false;
  if (c.lte !== undefined && !(n <= c.lte)) return false;
  if (c.eq !== undefined && n !== c.eq) return false;
  return true;
}

function groupValue(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (Array.isArray(v)) return v.length ? JSON.stringify(v) : null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const before = (a: Item, b: Item) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

/** A hit's order of events: by time, then seq. */
export const byTimeThenSeq = (a: EventRef, b: EventRef): number => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq);

/** The events of the lists, each seq once, in a hit's order. */
export function mergeEvents(lists: EventRef[][]): EventRef[] {
  const bySeq = new Map<number, EventRef>();
  for (const list of lists) for (const e of list) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort(byTimeThenSeq);
}

export class CorrelationState {
  private groups = new Map<string, Item[]>();
  private lastPrune = 0;

  constructor(readonly rule: CorrelationRule) {}

  private field(name: string, ruleId: string): string {
    return this.rule.aliases[name]?.[ruleId] ?? name;
  }

  /** Adds an item; returns a firing when the correlation's condition holds with it. */
  add(item: Item): Firing | null {
    const r = this.rule;
    const group: Record<string, string> = {};
    for (const g of r.groupBy) {
      const v = groupValue(item.get(this.field(g, item.ruleId)));
      if (v === null) return null;
      group[g] = v;
    }
    const key = JSON.stringify(r.groupBy.map((g) => group[g]));
    let items = this.groups.get(key);
    if (!items) this.groups.set(key, (items = []));
    const start = item.t - r.timespanMs;
    let drop = 0;
    while (drop < items.length && items[drop].t < start) drop++;
    if (drop) items.splice(0, drop);
    items.push(item);
    this.maybePrune(item.t);
    const fired = this.check(items, item);
    return fired ? { t: item.t, seq: item.seq, group, events: mergeEvents(fired.map((i) => i.events)) } : null;
  }

  /** Drops groups whose window has passed, so memory stays bounded over long runs. */
  private maybePrune(now: number): void {
    if (now - this.lastPrune < this.rule.timespanMs) return;
    this.lastPrune = now;
    const start = now - this.rule.timespanMs;
    for (const [key, items] of this.groups) if (items[items.length - 1].t < start) this.groups.delete(key);
  }

  private check(items: Item[], last: Item): Item[] | null {
    const r = this.rule;
    switch (r.type) {
      case 'event_count':
        return countHolds(r.condition, items.length) ? items : null;
      case 'value_count': {
        const values = new Set<string>();
        const counted: Item[] = [];
        for (const i of items) {
          const v = groupValue(i.get(this.field(r.valueField!, i.ruleId)));
          if (v === null) continue;
          values.add(v);
          counted.push(i);
        }
        return counted.length && countHolds(r.condition, values.size) ? counted : null;
      }
      case 'temporal': {
        const present = new Set(items.map((i) => i.ruleId));
        const n = r.rules.filter((id) => present.has(id)).length;
        const holds = Object.keys(r.condition).length ? countHolds(r.condition, n) : n === r.rules.length;
        return holds ? items : null;
      }
      case 'temporal_ordered': {
        const n = r.rules.length;
        if (last.ruleId !== r.rules[n - 1]) return null;
        const chain: Item[] = [last];
        let cur = last;
        for (let j = n - 2; j >= 0; j--) {
          let found: Item | null = null;
          for (let k = items.length - 1; k >= 0; k--) {
            const i = items[k];
            if (i.ruleId === r.rules[j] && before(i, cur)) {
              found = i;
              break;
            }
          }
          if (!found) return null;
          chain.unshift(found);
          cur = found;
        }
        return chain;
      }
    }
  }
}
