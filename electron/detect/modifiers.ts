// One `field|modifier|…: values` item of a selection, compiled to a predicate over an event.
import { FIELD, fieldId, probe } from './probe';
import { checkRegexSafety, safeTest } from './regexGuard';
import { timePart, type TimePart, TIME_PARTS } from './timeParts';
import type { FieldSource } from './types';
import { stringMatcher, type StringMode } from './wildcard';

export class RuleProblem extends Error {}

export interface CompileSettings {
  /** IANA zone for the time modifiers. */
  timeZone: string;
  /** Values of `%name%` placeholders for the `expand` modifier. */
  placeholders: Record<string, string[]>;
}

type Scalar = string | number | boolean | null;

const UNSUPPORTED = new Set(['base64', 'base64offset', 'wide', 'utf16', 'utf16le', 'utf16be', 'windash']);
const COMPARE = new Set(['lt', 'lte', 'gt', 'gte']);
const MODES = new Set(['contains', 'startswith', 'endswith']);
const RE_FLAGS = new Set(['i', 'm', 's']);

interface Parsed {
  mode: StringMode;
  compare: 'lt' | 'lte' | 'gt' | 'gte' | null;
  all: boolean;
  re: boolean;
  reFlags: string;
  cidr: boolean;
  exists: boolean;
  neq: boolean;
  fieldref: boolean;
  cased: boolean;
  expand: boolean;
  time: TimePart | null;
}

function parseModifiers(mods: string[]): Parsed {
  const p: Parsed = {
    mode: 'exact',
    compare: null,
    all: false,
    re: false,
    reFlags: '',
    cidr: false,
    exists: false,
    neq: false,
    fieldref: false,
    cased: false,
    expand: false,
    time: null,
  };
  for (const m of mods) {
    if (MODES.has(m)) {
      if (p.mode !== 'exact') throw new RuleProblem(`modifiers "${p.mode}" and "${m}" cannot be combined`);
      p.mode = m as StringMode;
    } else if (COMPARE.has(m)) {
      if (p.compare) throw new RuleProblem(`modifiers "${p.compare}" and "${m}" cannot be combined`);
      p.compare = m as Parsed['compare'];
    } else if (m === 'all') p.all = true;
    else if (m === 're') p.re = true;
    else if (RE_FLAGS.has(m)) {
      if (!p.re) throw new RuleProblem(`modifier "${m}" is a flag of "re" and must follow it`);
      p.reFlags += m;
    } else if (m === 'cidr') p.cidr = true;
    else if (m === 'exists') p.exists = true;
    else if (m === 'neq') p.neq = true;
    else if (m === 'fieldref') p.fieldref = true;
    else if (m === 'cased') p.cased = true;
    else if (m === 'expand') p.expand = true;
    else if ((TIME_PARTS as readonly string[]).includes(m)) {
      if (p.time) throw new RuleProblem(`two time modifiers ("${p.time}" and "${m}")`);
      p.time = m as TimePart;
    } else if (UNSUPPORTED.has(m)) {
      throw new RuleProblem(
        `modifier "${m}" is Sigma but not supported by SignTrail (audit records carry no encoded command lines)`,
      );
    } else {
      throw new RuleProblem(`unknown modifier "${m}"`);
    }
  }
  const kinds = [p.re, p.cidr, p.exists, p.fieldref, p.compare !== null].filter(Boolean).length;
  if (kinds > 1) throw new RuleProblem(`modifiers ${mods.join('|')} cannot be combined`);
  if ((p.re || p.cidr || p.exists || p.compare) && p.mode !== 'exact')
    throw new RuleProblem(`"${p.mode}" cannot be combined with ${mods.join('|')}`);
  if (p.neq && (p.exists || p.all)) throw new RuleProblem(`"neq" cannot be combined with ${mods.join('|')}`);
  return p;
}

const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** The values a field holds: a list member matches when any of its elements does. */
function fieldValues(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Compiles `field|mods: values` to a predicate. Throws RuleProblem for what is wrong. */
export function compileItem(
  field: string,
  mods: string[],
  raw: unknown,
  settings: CompileSettings,
): (ev: FieldSource) => boolean {
  const test = compileItemTest(field, mods, raw, settings);
  const id = fieldId(field) + 1;
  return (ev) => {
    const slots = probe.slots;
    if (slots) slots[FIELD] = id;
    return test(ev);
  };
}

function compileItemTest(
  field: string,
  mods: string[],
  raw: unknown,
  settings: CompileSettings,
): (ev: FieldSource) => boolean {
  const p = parseModifiers(mods);
  let values: Scalar[] = listOf(raw);
  if (values.length === 0) throw new RuleProblem(`field "${field}" has an empty list of values`);
  if (p.expand) values = expand(values, settings);

  if (p.exists) {
    if (values.length !== 1 || typeof values[0] !== 'boolean') throw new RuleProblem('"exists" takes true or false');
    const want = values[0];
    return (ev) => !isEmpty(ev.get(field)) === want;
  }

  const read = p.time
    ? (ev: FieldSource) => {
        const v = ev.get(field);
        return typeof v === 'string' ? timePart(v, p.time!, settings.timeZone) : undefined;
      }
    : (ev: FieldSource) => ev.get(field);

  const tests: ((v: unknown, ev: FieldSource) => boolean)[] = values.map((value) => valueTest(field, value, p));
  const anyElement = (test: (v: unknown, ev: FieldSource) => boolean) => (ev: FieldSource) =>
    fieldValues(read(ev)).some((v) => test(v, ev));

  if (p.neq) {
    // Not equal to any of the values (a list of neq values would otherwise always hold).
    return (ev) => {
      const v = read(ev);
      if (isEmpty(v)) return false;
      return !tests.some((t) => fieldValues(v).some((x) => t(x, ev)));
    };
  }
  if (tests.length === 1) return anyElement(tests[0]);
  // The field is read once for all the values (a time part, for instance, is computed once).
  if (p.all)
    return (ev) => {
      const vs = fieldValues(read(ev));
      return tests.every((t) => vs.some((v) => t(v, ev)));
    };
  return (ev) => {
    const vs = fieldValues(read(ev));
    return tests.some((t) => vs.some((v) => t(v, ev)));
  };
}

function listOf(raw: unknown): Scalar[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v as Scalar;
    throw new RuleProblem(
      `a value must be a string, number, boolean or null, not ${Array.isArray(v) ? 'a list' : 'a map'}`,
    );
  });
}

function expand(values: Scalar[], settings: CompileSettings): Scalar[] {
  const out: Scalar[] = [];
  for (const v of values) {
    const m = typeof v === 'string' ? /^%([A-Za-z0-9_.-]+)%$/.exec(v) : null;
    if (!m) throw new RuleProblem(`"expand" needs a placeholder such as %working_hours%, not ${JSON.stringify(v)}`);
    const got = settings.placeholders[m[1]];
    if (!got)
      throw new RuleProblem(
        `unknown placeholder %${m[1]}%: known are ${Object.keys(settings.placeholders)
          .map((k) => `%${k}%`)
          .join(', ')}`,
      );
    out.push(...got);
  }
  return out;
}

function valueTest(field: string, value: Scalar, p: Parsed): (v: unknown, ev: FieldSource) => boolean {
  if (p.fieldref) {
    if (typeof value !== 'string') throw new RuleProblem('"fieldref" takes the name of another field');
    const other = value;
    return (v, ev) => {
      const a = text(v);
      if (a === null) return false;
      return fieldValues(ev.get(other)).some((b) => {
        const bt = text(b);
        if (bt === null) return false;
        const x = p.cased ? a : a.toLowerCase();
        const y = p.cased ? bt : bt.toLowerCase();
        return p.mode === 'exact'
          ? x === y
          : p.mode === 'contains'
            ? x.includes(y)
            : p.mode === 'startswith'
              ? x.startsWith(y)
              : x.endsWith(y);
      });
    };
  }
  if (p.compare) {
    const op = p.compare;
    const n = asNumber(value);
    if (n !== null) {
      return (v) => {
        const x = asNumber(v);
        if (x === null) return false;
        return op === 'lt' ? x < n : op === 'lte' ? x <= n : op === 'gt' ? x > n : x >= n;
      };
    }
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && field === 'timestamp' && !p.time) {
      const t = Date.parse(value);
      return (v) => {
        const x = typeof v === 'string' ? Date.parse(v) : NaN;
        if (Number.isNaN(x)) return false;
        return op === 'lt' ? x < t : op === 'lte' ? x <= t : op === 'gt' ? x > t : x >= t;
      };
    }
    throw new RuleProblem(
      `"${op}" needs a number${field === 'timestamp' ? ' or a date-time' : ''}, not ${JSON.stringify(value)}`,
    );
  }
  if (p.re) {
    if (typeof value !== 'string') throw new RuleProblem('"re" takes a regular expression string');
    const problem = checkRegexSafety(value);
    if (problem) throw new RuleProblem(problem);
    let re: RegExp;
    try {
      re = new RegExp(value, p.reFlags);
    } catch (err) {
      throw new RuleProblem(`invalid regular expression: ${(err as Error).message}`);
    }
    return (v) => {
      const t = text(v);
      return t !== null && safeTest(re, t);
    };
  }
  if (p.cidr) {
    if (typeof value !== 'string') throw new RuleProblem('"cidr" takes a network such as 10.0.0.0/8');
    const net = parseCidr(value);
    if (!net) throw new RuleProblem(`"${value}" is not a CIDR network such as 10.0.0.0/8 or fd00::/8`);
    return (v) => {
      const t = text(v);
      return t !== null && inCidr(t, net);
    };
  }
  if (value === null) return (v) => isEmpty(v);
  if (typeof value === 'number') {
    return (v) => {
      const x = asNumber(v);
      return x !== null ? x === value : false;
    };
  }
  if (typeof value === 'boolean')
    return (v) => v === value || (typeof v === 'string' && v.toLowerCase() === String(value));
  const m = stringMatcher(value, p.mode, p.cased);
  return (v) => {
    const t = text(v);
    return t !== null && m(t);
  };
}

interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

function parseIp(s: string): { v6: boolean; n: bigint } | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((x) => x > 255)) return null;
    return { v6: false, n: parts.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n) };
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return null;
  return { v6: true, n: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function parseCidr(s: string): Cidr | null {
  const [addr, bitsText] = s.split('/');
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.v6 ? 128 : 32;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  const shift = BigInt(max - bits);
  return { v6: ip.v6, base: (ip.n >> shift) << shift, bits };
}

function inCidr(s: string, net: Cidr): boolean {
  const ip = parseIp(s);
  if (!ip || ip.v6 !== net.v6) return false;
  const shift = BigInt((net.v6 ? 128 : 32) - net.bits);
  return (ip.n >> shift) << shift === net.base;
}
