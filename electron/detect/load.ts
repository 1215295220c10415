// Sigma YAML → rules. Every problem is a RuleError naming the file, the line and what is wrong;
// a refused rule never runs, and nothing in a rule file is executed.
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { toFtsQuery } from '../store/search';
import { compileCondition } from './condition';
import { fieldProblem, LOGSOURCE_CATEGORIES } from './fields';
import { compileItem, RuleProblem, type CompileSettings } from './modifiers';
import { and, itemPrefilter, or, prefilterOf, withPrefilter, type Prefilter } from './prefilter';
import { isTimeZone } from './timeParts';
import {
  LEVELS,
  RuleError,
  type CorrelationRule,
  type CorrelationType,
  type CountCondition,
  type DetectionRule,
  type EventMatcher,
  type KeywordNeed,
  type Level,
  type Rule,
  type RuleMeta,
} from './types';
import { stringMatcher } from './wildcard';

export const MAX_RULE_FILE_BYTES = 1024 * 1024;
/** Bounds on a rule file's shape, checked before the YAML parser sees it (it recurses, and can be slow). */
export const MAX_RULE_DOCUMENTS = 200;
export const MAX_RULE_NESTING = 64;
export const MAX_RULE_INDENT = 256;

/**
 * A rule file is hostile: refuse, before parsing, the shapes that make the YAML parser recurse too
 * deep or work for minutes (200,000 "[" took 33 s, 50,000 "---" 19 s). Returns [line, problem].
 */
function shapeProblem(text: string): [number, string] | null {
  let line = 1;
  let documents = 0;
  let depth = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = true;
      indent = 0;
      if (quote === "'") continue;
      quote = quote === '"' ? quote : '';
      continue;
    }
    if (lineStart) {
      if (ch === ' ') {
        if (++indent > MAX_RULE_INDENT) return [line, `a line indented more than ${MAX_RULE_INDENT} spaces`];
        continue;
      }
      lineStart = false;
      if (indent === 0 && text.startsWith('---', i) && ++documents > MAX_RULE_DOCUMENTS)
        return [line, `more than ${MAX_RULE_DOCUMENTS} YAML documents in one file`];
    }
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if ('-?:'.includes(ch) && (i === 0 || /\s/.test(text[i - 1])) && /[ \t]/.test(text[i + 1] ?? '')) {
      // Block entries nested on one line ("- - - … a", "? ? …"): each is a level of nesting too,
      // and 4,000 of them made the parser's regular expressions exhaust V8's memory, a crash no
      // catch survives.
      let nested = 0;
      let k = i;
      while ('-?:'.includes(text[k] ?? 'x') && /[ \t]/.test(text[k + 1] ?? '')) {
        if (++nested > MAX_RULE_NESTING)
          return [line, `lists and maps nested more than ${MAX_RULE_NESTING} deep on one line`];
        k += 2;
        while (text[k] === ' ' || text[k] === '\t') k++;
      }
      i = k - 1;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_RULE_NESTING) return [line, `lists and maps nested more than ${MAX_RULE_NESTING} deep`];
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return null;
}

/** Duplicate keys, found in one pass per map (the parser's own check is quadratic in a map's size). */
function duplicateKey(doc: Document, lines: LineCounter): [number, string] | null {
  let found: [number, string] | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const range = isScalar(pair.key) ? pair.key.range : undefined;
          found = [
            range ? lines.linePos(range[0]).line : 1,
            `the key ${JSON.stringify(String(key))} appears twice in one map`,
          ];
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}
const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const CORRELATION_TYPES: CorrelationType[] = ['event_count', 'value_count', 'temporal', 'temporal_ordered'];
const STORE_CATEGORIES = new Set(Object.values(LOGSOURCE_CATEGORIES));

export interface LoadResult {
  rules: Rule[];
  errors: RuleError[];
}

type Path = (string | number)[];

class Located {
  constructor(
    private doc: Document,
    private lines: LineCounter,
    readonly file: string,
  ) {}
  line(p: Path): number {
    for (let n = p.length; n >= 0; n--) {
      const node = this.doc.getIn(p.slice(0, n), true) as Node | undefined;
      if (node && (node as Node).range) return this.lines.linePos((node as Node).range![0]).line;
      // A key's own position, for a missing or null value.
      if (n > 0) {
        const parent = this.doc.getIn(p.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === p[n - 1]);
          if (pair && isScalar(pair.key) && pair.key.range) return this.lines.linePos(pair.key.range[0]).line;
        }
      }
    }
    return 1;
  }
  error(p: Path, problem: string): RuleError {
    return new RuleError(this.file, this.line(p), problem);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses one rule file's text (one or more YAML documents). References between rules are resolved later. */
export function parseRuleText(file: string, text: string, settings: CompileSettings): LoadResult {
  const rules: Rule[] = [];
  const errors: RuleError[] = [];
  const lines = new LineCounter();
  const shape = shapeProblem(text);
  if (shape) return { rules, errors: [new RuleError(file, shape[0], `refused: ${shape[1]}`)] };
  let docs: Document.Parsed[];
  try {
    // YAML 1.2 core schema: `date: 2026-11-30` stays the string Sigma means, never a Date.
    docs = parseAllDocuments(text, {
      lineCounter: lines,
      version: '1.2',
      schema: 'core',
      // Checked below in one pass per map: the parser's check is quadratic (60,000 keys: minutes).
      uniqueKeys: false,
    }) as Document.Parsed[];
  } catch (err) {
    return { rules, errors: [new RuleError(file, 1, `not YAML: ${(err as Error).message}`)] };
  }
  if (!Array.isArray(docs)) return { rules, errors: [new RuleError(file, 1, 'not YAML')] };
  docs.forEach((doc, index) => {
    const bad = doc.errors[0];
    if (bad) {
      errors.push(new RuleError(file, bad.linePos?.[0].line ?? 1, `not valid YAML: ${bad.message.split('\n')[0]}`));
      return;
    }
    if (doc.contents === null) return; // an empty document, e.g. after a trailing ---
    const duplicate = duplicateKey(doc, lines);
    if (duplicate) {
      errors.push(new RuleError(file, duplicate[0], `not valid YAML: ${duplicate[1]}`));
      return;
    }
    const at = new Located(doc, lines, file);
    try {
      const data = doc.toJS({ maxAliasCount: 50 }) as unknown;
      rules.push(buildRule(data, at, index, settings));
    } catch (err) {
      if (err instanceof RuleError) errors.push(err);
      else errors.push(new RuleError(file, 1, (err as Error).message));
    }
  });
  return { rules, errors };
}

function buildRule(data: unknown, at: Located, index: number, settings: CompileSettings): Rule {
  if (!isObject(data)) throw at.error([], 'a rule must be a YAML map with title, logsource and detection');
  const meta = buildMeta(data, at, index);
  if ('filter' in data && !('detection' in data)) throw at.error(['filter'], 'Sigma filter rules are not supported');
  if ('correlation' in data) return buildCorrelation(data, meta, at);
  if (!('detection' in data)) throw at.error([], 'the rule has neither "detection" nor "correlation"');
  return buildDetection(data, meta, at, settings);
}

function optionalString(data: Record<string, unknown>, key: string, at: Located): string | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw at.error([key], `"${key}" must be a string`);
  return v;
}

function buildMeta(data: Record<string, unknown>, at: Located, index: number): RuleMeta {
  const title = data.title;
  if (typeof title !== 'string' || title.trim() === '') throw at.error(['title'], 'the rule has no "title" (a string)');
  if (title.length > 256) throw at.error(['title'], '"title" is longer than 256 characters');
  const id = optionalString(data, 'id', at);
  const name = optionalString(data, 'name', at) ?? null;
  const description = optionalString(data, 'description', at) ?? '';
  const status = optionalString(data, 'status', at);
  if (status !== undefined && !STATUSES.includes(status))
    throw at.error(['status'], `"status" must be one of ${STATUSES.join(', ')}, not "${status}"`);
  for (const key of ['date', 'modified']) {
    const v = optionalString(data, key, at);
    if (v !== undefined && !/^\d{4}[-/]\d{2}[-/]\d{2}$/.test(v))
      throw at.error([key], `"${key}" must be a date such as 2026-11-30, not "${v}"`);
  }
  const level = (optionalString(data, 'level', at) ?? 'medium') as Level;
  if (!LEVELS.includes(level)) throw at.error(['level'], `"level" must be one of ${LEVELS.join(', ')}, not "${level}"`);
  const tags = data.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))
    throw at.error(['tags'], '"tags" must be a list of strings');
  return {
    id: id ?? name ?? `${path.basename(at.file)}#${index + 1}`,
    title,
    level,
    tags: tags as string[],
    description,
    file: at.file,
    line: at.line([]),
    name,
  };
}

function buildDetection(
  data: Record<string, unknown>,
  meta: RuleMeta,
  at: Located,
  settings: CompileSettings,
): DetectionRule {
  const logsource = data.logsource;
  if (!isObject(logsource)) throw at.error(['logsource'], 'the rule has no "logsource" map (product: signtrail)');
  let categories: string[] | null = null;
  for (const [key, value] of Object.entries(logsource)) {
    if (key === 'product') {
      if (value !== 'signtrail')
        throw at.error(
          ['logsource', key],
          `logsource product "${String(value)}" is not signtrail: this rule is for other logs`,
        );
    } else if (key === 'category') {
      const v = String(value);
      const id = LOGSOURCE_CATEGORIES[v] ?? (STORE_CATEGORIES.has(v) ? v : null);
      if (!id)
        throw at.error(
          ['logsource', key],
          `logsource category "${v}" is not one of ${Object.keys(LOGSOURCE_CATEGORIES).join(', ')}`,
        );
      categories = [id];
    } else if (key === 'definition') {
      // Free text for humans.
    } else {
      throw at.error(['logsource', key], `logsource "${key}" is not supported (use product: signtrail and category)`);
    }
  }
  const detection = data.detection;
  if (!isObject(detection)) throw at.error(['detection'], '"detection" must be a map of selections and a condition');
  if ('timeframe' in detection)
    throw at.error(['detection', 'timeframe'], '"timeframe" is obsolete Sigma; write a correlation rule with timespan');
  const selections = new Map<string, EventMatcher>();
  const keywords: KeywordNeed[] = [];
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition') continue;
    selections.set(name, buildSelection(body, ['detection', name], at, settings, keywords));
  }
  const condition = detection.condition;
  const conditions = typeof condition === 'string' ? [condition] : Array.isArray(condition) ? condition : null;
  if (!conditions || conditions.length === 0 || conditions.some((c) => typeof c !== 'string'))
    throw at.error(['detection', 'condition'], '"condition" must be a string such as "selection and not filter"');
  let match: EventMatcher;
  let prefilter: Prefilter = null;
  try {
    const compiled = (conditions as string[]).map((c) => compileCondition(c, selections));
    match = compiled.length === 1 ? compiled[0] : (ev) => compiled.some((f) => f(ev));
    prefilter = and([
      categories
        ? or(categories.map((c) => ({ op: 'leaf', column: 'category', test: 'eq', value: c, cased: true })))
        : null,
      or(compiled.map(prefilterOf)),
    ]);
  } catch (err) {
    if (err instanceof RuleProblem) throw at.error(['detection', 'condition'], err.message);
    throw err;
  }
  return { kind: 'detection', meta, categories, match, keywords, prefilter };
}

function buildSelection(
  body: unknown,
  p: Path,
  at: Located,
  settings: CompileSettings,
  keywords: KeywordNeed[],
): EventMatcher {
  if (isObject(body)) return buildMapSelection(body, p, at, settings, keywords);
  if (Array.isArray(body)) {
    if (body.length === 0) throw at.error(p, `selection "${p[p.length - 1]}" is an empty list`);
    if (body.every(isObject)) {
      const parts = body.map((m, i) =>
        buildMapSelection(m as Record<string, unknown>, [...p, i], at, settings, keywords),
      );
      return withPrefilter((ev) => parts.some((f) => f(ev)), or(parts.map(prefilterOf)));
    }
    if (body.some(isObject) || body.some(Array.isArray))
      throw at.error(p, 'a selection list must hold either maps (OR of field conditions) or keywords, not both');
    return keywordMatcher(body as unknown[], false, p, at, keywords);
  }
  if (typeof body === 'string' || typeof body === 'number') return keywordMatcher([body], false, p, at, keywords);
  throw at.error(p, `selection "${p[p.length - 1]}" must be a map, a list of maps or a list of keywords`);
}

function keywordMatcher(values: unknown[], all: boolean, p: Path, at: Located, keywords: KeywordNeed[]): EventMatcher {
  const needs: { need: KeywordNeed; verify: (t: string) => boolean }[] = values.map((v, i) => {
    if (typeof v !== 'string' && typeof v !== 'number') throw at.error([...p, i], 'a keyword must be a string');
    const value = String(v);
    let fts: string | null;
    try {
      fts = toFtsQuery(value.replace(/^\*+/, '').replace(/\*+$/, '') + (value.endsWith('*') ? '*' : ''));
    } catch (err) {
      throw at.error([...p, i], `keyword "${value}": ${(err as Error).message}`);
    }
    const need: KeywordNeed = { value, fts, candidates: null };
    keywords.push(need);
    return { need, verify: stringMatcher(value, 'contains', false) };
  });
  const one = (ev: Parameters<EventMatcher>[0], n: (typeof needs)[number]) =>
    n.need.candidates ? n.need.candidates.has(ev.seq) : n.verify(ev.text());
  return all ? (ev) => needs.every((n) => one(ev, n)) : (ev) => needs.some((n) => one(ev, n));
}

function buildMapSelection(
  body: Record<string, unknown>,
  p: Path,
  at: Located,
  settings: CompileSettings,
  keywords: KeywordNeed[],
): EventMatcher {
  const items: EventMatcher[] = [];
  for (const [key, value] of Object.entries(body)) {
    const [field, ...mods] = key.split('|');
    if (field === '') {
      if (mods.length === 1 && mods[0] === 'all' && Array.isArray(value)) {
        items.push(keywordMatcher(value, true, [...p, key], at, keywords));
        continue;
      }
      throw at.error([...p, key], `"${key}": keywords take no modifiers other than |all`);
    }
    const problem = fieldProblem(field);
    if (problem) throw at.error([...p, key], problem);
    try {
      if (mods.includes('fieldref')) {
        for (const ref of Array.isArray(value) ? value : [value]) {
          const refProblem = typeof ref === 'string' ? fieldProblem(ref) : 'fieldref takes a field name';
          if (refProblem) throw new RuleProblem(refProblem);
        }
      }
      items.push(withPrefilter(compileItem(field, mods, value, settings), itemPrefilter(field, mods, value)));
    } catch (err) {
      if (err instanceof RuleProblem) throw at.error([...p, key], `${key}: ${err.message}`);
      throw err;
    }
  }
  if (items.length === 0) throw at.error(p, 'an empty map selects nothing');
  if (items.length === 1) return items[0];
  return withPrefilter((ev) => items.every((f) => f(ev)), and(items.map(prefilterOf)));
}

const TIMESPAN = /^(\d+)([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function buildCorrelation(data: Record<string, unknown>, meta: RuleMeta, at: Located): CorrelationRule {
  const c = data.correlation;
  const cp = (k: string): Path => ['correlation', k];
  if (!isObject(c)) throw at.error(['correlation'], '"correlation" must be a map with type, rules, group-by, timespan');
  const type = c.type as CorrelationType;
  if (!CORRELATION_TYPES.includes(type))
    throw at.error(
      cp('type'),
      `correlation type must be one of ${CORRELATION_TYPES.join(', ')}, not "${String(c.type)}"`,
    );
  const rules = c.rules;
  if (!Array.isArray(rules) || rules.length === 0 || rules.some((r) => typeof r !== 'string'))
    throw at.error(cp('rules'), 'correlation "rules" must be a list of rule ids or names');
  const groupBy = c['group-by'] ?? [];
  if (!Array.isArray(groupBy) || groupBy.some((g) => typeof g !== 'string'))
    throw at.error(cp('group-by'), '"group-by" must be a list of field names');
  const aliases: Record<string, Record<string, string>> = {};
  if (c.aliases !== undefined) {
    if (!isObject(c.aliases)) throw at.error(cp('aliases'), '"aliases" must map alias names to {rule name: field}');
    for (const [alias, map] of Object.entries(c.aliases)) {
      if (!isObject(map) || Object.values(map).some((f) => typeof f !== 'string'))
        throw at.error(['correlation', 'aliases', alias], `alias "${alias}" must map rule names to field names`);
      for (const [ruleName, f] of Object.entries(map)) {
        const problem = fieldProblem(f as string);
        if (problem) throw at.error(['correlation', 'aliases', alias, ruleName], problem);
      }
      aliases[alias] = map as Record<string, string>;
    }
  }
  groupBy.forEach((g: string, i: number) => {
    if (aliases[g]) return;
    const problem = fieldProblem(g);
    if (problem) throw at.error(['correlation', 'group-by', i], problem);
  });
  const ts = typeof c.timespan === 'string' ? TIMESPAN.exec(c.timespan) : null;
  if (!ts) throw at.error(cp('timespan'), '"timespan" must be a number and s, m, h or d, such as 10m');
  const condition: CountCondition = {};
  let valueField: string | null = null;
  if (c.condition !== undefined) {
    if (!isObject(c.condition))
      throw at.error(cp('condition'), 'correlation "condition" must be a map such as {gte: 5}');
    for (const [k, v] of Object.entries(c.condition)) {
      if (k === 'field') {
        if (typeof v !== 'string') throw at.error(['correlation', 'condition', k], '"field" must be a field name');
        const problem = fieldProblem(v);
        if (problem && !aliases[v]) throw at.error(['correlation', 'condition', k], problem);
        valueField = v;
      } else if (['gt', 'gte', 'lt', 'lte', 'eq'].includes(k)) {
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw at.error(['correlation', 'condition', k], `"${k}" must be a number`);
        condition[k as keyof CountCondition] = v;
      } else
        throw at.error(
          ['correlation', 'condition', k],
          `"${k}" is not a correlation condition (gt, gte, lt, lte, eq, field)`,
        );
    }
  }
  if ((type === 'event_count' || type === 'value_count') && Object.keys(condition).length === 0)
    throw at.error(cp('condition'), `an ${type} correlation needs a condition such as {gte: 5}`);
  if (type === 'value_count' && !valueField)
    throw at.error(cp('condition'), 'a value_count correlation needs condition.field');
  if (type !== 'value_count' && valueField)
    throw at.error(['correlation', 'condition', 'field'], `"field" is only for value_count`);
  const generate = data.generate ?? c.generate ?? false;
  if (typeof generate !== 'boolean') throw at.error(['generate'], '"generate" must be true or false');
  return {
    kind: 'correlation',
    meta,
    type,
    rules: rules as string[],
    groupBy: groupBy as string[],
    aliases,
    timespanMs: Number(ts[1]) * UNIT_MS[ts[2]],
    condition,
    valueField,
    generate,
  };
}

/** Resolves correlation references by id or name; refuses unknown ones and cycles. */
export function resolveReferences(result: LoadResult): LoadResult {
  const byKey = new Map<string, Rule>();
  for (const r of result.rules) {
    byKey.set(r.meta.id, r);
    if (r.meta.name) byKey.set(r.meta.name, r);
  }
  const errors = [...result.errors];
  const ids = new Map<string, Rule>();
  for (const r of result.rules) {
    if (ids.has(r.meta.id)) {
      const first = ids.get(r.meta.id)!;
      errors.push(
        new RuleError(
          r.meta.file,
          r.meta.line,
          `rule id "${r.meta.id}" is already used by ${first.meta.file}:${first.meta.line}`,
        ),
      );
    }
    ids.set(r.meta.id, r);
  }
  const refused = new Set<Rule>();
  for (const r of result.rules) {
    if (r.kind !== 'correlation') continue;
    const resolved: string[] = [];
    for (const ref of r.rules) {
      const target = byKey.get(ref);
      if (!target) {
        errors.push(
          new RuleError(
            r.meta.file,
            r.meta.line,
            `correlation "${r.meta.title}" refers to rule "${ref}", which is not loaded`,
          ),
        );
        refused.add(r);
        continue;
      }
      resolved.push(target.meta.id);
    }
    // Aliases are keyed by rule name; key them by id too.
    for (const map of Object.values(r.aliases)) {
      for (const [name, field] of Object.entries(map)) {
        const target = byKey.get(name);
        if (!target) {
          errors.push(
            new RuleError(
              r.meta.file,
              r.meta.line,
              `alias refers to rule "${name}", which the correlation does not name`,
            ),
          );
          refused.add(r);
        } else map[target.meta.id] = field;
      }
    }
    r.rules = resolved;
  }
  // Cycles between correlations.
  const visiting = new Set<string>();
  const cyclic = (id: string): boolean => {
    const r = ids.get(id);
    if (!r || r.kind !== 'correlation') return false;
    if (visiting.has(id)) return true;
    visiting.add(id);
    const found = r.rules.some(cyclic);
    visiting.delete(id);
    return found;
  };
  for (const r of result.rules) {
    if (r.kind === 'correlation' && cyclic(r.meta.id)) {
      errors.push(
        new RuleError(r.meta.file, r.meta.line, `correlation "${r.meta.title}" refers to itself through its rules`),
      );
      refused.add(r);
    }
  }
  return { rules: result.rules.filter((r) => !refused.has(r)), errors };
}

export interface LoadOptions {
  dirs: string[];
  builtin: boolean;
  settings: CompileSettings;
}

/** The folder of the shipped pack: next to this file in source, copied beside the bundle in a build. */
export function builtinPackDir(): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const candidates = [
    path.join(here, 'pack'),
    path.join(here, 'detect', 'pack'),
    path.join(here, '..', 'electron', 'detect', 'pack'),
  ];
  return candidates.find((d) => fs.existsSync(d)) ?? candidates[0];
}

/** Every `.yml`/`.yaml` file directly in each folder (the pack's `tests/` are not rules). */
export function loadRules(options: LoadOptions): LoadResult {
  if (!isTimeZone(options.settings.timeZone))
    return { rules: [], errors: [new RuleError('settings', 1, `"${options.settings.timeZone}" is not a time zone`)] };
  const dirs = [...(options.builtin ? [builtinPackDir()] : []), ...options.dirs];
  const all: LoadResult = { rules: [], errors: [] };
  for (const dir of dirs) {
    let names: string[];
    let realDir: string;
    try {
      realDir = fs.realpathSync(dir);
      names = fs
        .readdirSync(dir)
        .filter((n) => /\.ya?ml$/i.test(n))
        .sort();
    } catch (err) {
      all.errors.push(new RuleError(dir, 1, `cannot read the rule folder: ${(err as Error).message}`));
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      // A rule folder holds its rules: a file that links out of it (to what the user did not choose) is not read.
      const outside = leadsOutside(file, realDir);
      if (outside) {
        all.errors.push(new RuleError(file, 1, outside));
        continue;
      }
      const result = loadRuleFile(file, options.settings);
      all.rules.push(...result.rules);
      all.errors.push(...result.errors);
    }
  }
  return resolveReferences(all);
}

/** Why a rule file is not read as part of its folder (it leads out of it), or null. */
function leadsOutside(file: string, realDir: string): string | null {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (err) {
    return `cannot read: ${(err as Error).message}`;
  }
  return path.dirname(real) === realDir ? null : `a link to ${real}, outside the rule folder; it is not read`;
}

export function loadRuleFile(file: string, settings: CompileSettings): LoadResult {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { rules: [], errors: [new RuleError(file, 1, 'not a file')] };
    if (stat.size > MAX_RULE_FILE_BYTES)
      return { rules: [], errors: [new RuleError(file, 1, `rule file larger than ${MAX_RULE_FILE_BYTES} bytes`)] };
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { rules: [], errors: [new RuleError(file, 1, `cannot read: ${(err as Error).message}`)] };
  }
  return parseRuleText(file, text, settings);
}
