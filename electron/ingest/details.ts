// The details member from a source: a JSON object, or `key=value; key=value` text.
import type { JsonValue } from '../../shared/event';
import { FieldProblem, quoteValue } from './errors';
import type { IngestLimits } from './limits';
import { formatSize } from './limits';
import { parseStrictJson, pathText, StrictJsonProblem } from './strictJson';

export type Details = { [key: string]: JsonValue };

export function detailsFromText(text: string, limits: IngestLimits): Details {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.length > limits.maxDetailsChars) throw tooLarge(limits);
  if (trimmed.charCodeAt(0) === 123 /* { */) {
    checkDepth(trimmed, limits);
    let parsed: unknown;
    try {
      parsed = parseStrictJson(trimmed);
    } catch (err) {
      if (err instanceof StrictJsonProblem) throw new FieldProblem(withinDetails(err));
      throw new FieldProblem(`${quoteValue(trimmed)} is not a valid JSON object (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new FieldProblem(`${quoteValue(trimmed)} is not a JSON object`);
    }
    return parsed as Details;
  }
  return detailsFromPairs(trimmed);
}

/** The problem and where inside the details it is (the field is the whole cell). */
function withinDetails(err: StrictJsonProblem): string {
  const keyNamed = err.kind === 'duplicate' && err.path.length === 1; // its message already names the key
  return err.path.length === 0 || keyNamed ? err.problem : `${err.problem} (at ${pathText(err.path)})`;
}

/** `key=value; key=value`: values stay text; a value cannot contain `;`. */
function detailsFromPairs(text: string): Details {
  const details: Details = {};
  for (const part of text.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (key === '') {
      throw new FieldProblem(
        `${quoteValue(pair)} is not a key=value pair; details must be a JSON object or "key=value; key=value"`,
      );
    }
    if (Object.prototype.hasOwnProperty.call(details, key)) {
      throw new FieldProblem(`the key "${key}" appears twice`);
    }
    details[key] = pair.slice(eq + 1).trim();
  }
  return details;
}

/** Checks a details object that arrived already parsed (JSON sources). */
export function checkDetailsObject(value: unknown, sourceChars: number, limits: IngestLimits): Details {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FieldProblem(`${quoteValue(value)} is not a JSON object`);
  }
  // Only a record whose source text exceeds the limit can hold details that exceed it.
  if (sourceChars > limits.maxDetailsChars && JSON.stringify(value).length > limits.maxDetailsChars) {
    throw tooLarge(limits);
  }
  checkObjectDepth(value, 1, limits);
  return value as Details;
}

function checkObjectDepth(value: object, depth: number, limits: IngestLimits): void {
  if (depth > limits.maxDetailsDepth) {
    throw new FieldProblem(`details nest deeper than the limit of ${limits.maxDetailsDepth} levels`);
  }
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== null && typeof member === 'object') checkObjectDepth(member, depth + 1, limits);
  }
}

function tooLarge(limits: IngestLimits): FieldProblem {
  return new FieldProblem(`details are larger than the limit of ${formatSize(limits.maxDetailsChars)} characters`);
}

/** Nesting depth of JSON text, counted over brackets outside strings, without parsing it. */
function checkDepth(text: string, limits: IngestLimits): void {
  if (countOpenings(text, limits.maxDetailsDepth + 1) <= limits.maxDetailsDepth) return; // the usual case, found by indexOf
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limits.maxDetailsDepth) {
        throw new FieldProblem(`details nest deeper than the limit of ${limits.maxDetailsDepth} levels`);
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

/** Number of `{` and `[` in text, counting no further than `stop`. */
function countOpenings(text: string, stop: number): number {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0 && count < stop; i = text.indexOf('{', i + 1)) count++;
  for (let i = text.indexOf('['); i >= 0 && count < stop; i = text.indexOf('[', i + 1)) count++;
  return count;
}
