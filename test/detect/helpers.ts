// Builds real stores from shorthand events and runs rules over them.
import path from 'node:path';
import type { AuditRecord, JsonValue } from '../../shared/event';
import { runRules, type RunResult } from '../../electron/detect/engine';
import { loadRules, parseRuleText, resolveReferences } from '../../electron/detect/load';
import { compileSettings, DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../../electron/detect/settings';
import type { Rule } from '../../electron/detect/types';
import { storeWith } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

export interface Short {
  t: string;
  actor: string;
  action: string;
  entity: string;
  status?: 'SUCCESS' | 'FAILURE' | 'DENIED';
  details?: Record<string, JsonValue>;
  id?: string;
}

const actorType = (a: string): AuditRecord['actor']['type'] =>
  a === 'system' ? 'system' : a.startsWith('svc-') ? 'service' : a.startsWith('agent-') ? 'agent' : 'user';

export function record(e: Short, i: number): AuditRecord {
  const [type, ...rest] = e.entity.split('/');
  const timestamp = e.t.includes('T') ? e.t : `2026-03-02T${e.t}.000000Z`;
  return {
    id: e.id ?? `evt-case-${String(i + 1).padStart(3, '0')}`,
    timestamp,
    actor: { id: e.actor, type: actorType(e.actor) },
    action: e.action,
    entity: { type, id: rest.join('/') },
    status: e.status ?? 'SUCCESS',
    details: e.details ?? {},
  };
}

export const records = (events: Short[]) => events.flat(3 as 1).map((e, i) => record(e as Short, i));

export function storeOf(events: Short[] | AuditRecord[]) {
  const recs = (events as unknown[]).every((e) => 'timestamp' in (e as object))
    ? (events as AuditRecord[])
    : records(events as Short[]);
  return storeWith(recs, path.join(tempDir(), 'case.sqlite'));
}

export function rulesFrom(yamlText: string, settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS): Rule[] {
  const loaded = resolveReferences(parseRuleText('test.yml', yamlText, compileSettings(settings)));
  if (loaded.errors.length) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded.rules;
}

export function pack(settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS): Rule[] {
  const loaded = loadRules({ dirs: [], builtin: true, settings: compileSettings(settings) });
  if (loaded.errors.length) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded.rules;
}

/** Runs the rules over a store of these events; returns hits as lists of event IDs, by rule id. */
export function hitsOf(
  rules: Rule[],
  events: Short[] | AuditRecord[],
): { byRule: Map<string, string[][]>; result: RunResult } {
  const db = storeOf(events);
  try {
    const result = runRules(db, rules);
    // Every run in these tests also proves the store's plans lose nothing: the same hits as
    // evaluating every rule in code on every event.
    const reference = runRules(db, rules, { evaluation: 'code' });
    const shape = (r: RunResult) => r.hits.map((h) => [h.rule.id, h.events.map((e) => e.seq)]);
    if (JSON.stringify(shape(result)) !== JSON.stringify(shape(reference)))
      throw new Error(
        `plans and code disagree:\n${JSON.stringify(shape(result))}\n${JSON.stringify(shape(reference))}`,
      );
    const byRule = new Map<string, string[][]>();
    for (const h of result.hits) {
      const list = byRule.get(h.rule.id) ?? [];
      list.push(h.events.map((e) => e.id));
      byRule.set(h.rule.id, list);
    }
    return { byRule, result };
  } finally {
    db.close();
  }
}

/** A one-rule YAML with the given detection (logsource signtrail). */
export function detectionRule(detection: string, extra = ''): string {
  return `title: t\nid: r1\nlogsource:\n  product: signtrail\n${extra}detection:\n${detection
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n')}\n`;
}
