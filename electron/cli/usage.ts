// How the command line reads its flags and says what is wrong with them.
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the user got wrong: exit 2 with the command's help hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A finding or a rejected input: exit 1. */
export class FindingExit extends Error {
  override name = 'FindingExit';
}

/** Parses a command's flags strictly; an unknown or malformed flag is a UsageError naming it. */
export function flags<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  positionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, '.'));
  }
}

export function requireStore(values: { store?: string }): string {
  if (!values.store) throw new UsageError('--store FILE is required: the case (an SQLite file) to work on.');
  return values.store;
}

export function requireExistingStore(values: { store?: string }): string {
  const store = requireStore(values);
  if (!fs.existsSync(store))
    throw new UsageError(`no store at ${store}. Create it with "signtrail import --store ${store} FILE".`);
  return store;
}
