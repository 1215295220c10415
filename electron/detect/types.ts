// The shapes of loaded Sigma rules, their hits, and the error a bad rule file gets.
import type { Prefilter } from './prefilter';

/** A rule file that is not valid Sigma or uses what SignTrail does not support. */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export interface RuleMeta {
  id: string;
  title: string;
  level: Level;
  tags: string[];
  description: string;
  file: string;
  line: number;
  /** The Sigma `name`, which correlations refer to. */
  name: string | null;
}

/** One event seen by the rules: the record's fields plus the enrichment at its time. */
export interface FieldSource {
  seq: number;
  id: string;
  ts: string;
  get(field: string): unknown;
  /** canon(e) as text, for keywords. */
  text(): string;
}

export type EventMatcher = (event: FieldSource) => boolean;

export interface DetectionRule {
  kind: 'detection';
  meta: RuleMeta;
  /** Store category ids the logsource limits the rule to, or null for all. */
  categories: string[] | null;
  match: EventMatcher;
  /** Keyword searches the rule needs from the keyword index, by their FTS5 query. */
  keywords: KeywordNeed[];
  /** What a match implies about the store's columns (prefilter.ts); null: nothing. */
  prefilter: Prefilter;
}

export interface KeywordNeed {
  /** The keyword as written in the rule. */
  value: string;
  /** FTS5 expression whose matches contain every event the keyword can match, or null to scan. */
  fts: string | null;
  /** Seqs the index found; filled by the engine before the run. Null: no index used. */
  candidates: Set<number> | null;
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';
export type CountCondition = Partial<Record<'gt' | 'gte' | 'lt' | 'lte' | 'eq', number>>;

export interface CorrelationRule {
  kind: 'correlation';
  meta: RuleMeta;
  type: CorrelationType;
  /** Referenced rules by id or name, resolved by the loader to rule ids. */
  rules: string[];
  groupBy: string[];
  /** alias → rule id → field */
  aliases: Record<string, Record<string, string>>;
  timespanMs: number;
  condition: CountCondition;
  valueField: string | null;
  generate: boolean;
}

export type Rule = DetectionRule | CorrelationRule;

export interface EventRef {
  seq: number;
  id: string;
  ts: string;
}

export interface Hit {
  ruleId: string;
  events: EventRef[];
}

export interface RuleSummary {
  id: string;
  title: string;
  level: Level;
  tags: string[];
  description: string;
  file: string;
  kind: 'detection' | 'correlation';
  /** False for base rules of a correlation that does not `generate` them. */
  reports: boolean;
}
