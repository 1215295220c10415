// The one error a malformed input raises: it says which file, line and field, in a sentence.
import path from 'node:path';

export class ImportError extends Error {
  override name = 'ImportError';
  /** Display name of the source (a file's base name, or a sync page). */
  readonly file: string;
  /** 1-based line where the offending record starts; null when the problem is the whole file. */
  readonly line: number | null;
  /** The source's own name for the field (column header or member name); null when not one field. */
  readonly field: string | null;
  /** The problem alone, without the location prefix. */
  readonly problem: string;

  constructor(file: string, line: number | null, field: string | null, problem: string) {
    super(locate(file, line, field) + problem);
    this.file = file;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }
}

function locate(file: string, line: number | null, field: string | null): string {
  let where = file;
  if (line !== null) where += ` line ${line}`;
  if (field !== null) where += `, field "${field}"`;
  return where + ': ';
}

/** The name errors show for a path: its base name, which is what the user picked. */
export function displayName(file: string): string {
  return path.basename(file);
}

/** Quotes a source value for an error message, shortened so a 1 MiB cell cannot flood the screen. */
export function quoteValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > 80 ? text.slice(0, 77) + '...' : text;
  return JSON.stringify(short);
}

/** A value that cannot be read, before it is known where it came from; the mapper adds file, line and field. */
export class FieldProblem extends Error {
  override name = 'FieldProblem';
}
