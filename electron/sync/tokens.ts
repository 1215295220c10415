// Where a source's bearer token comes from. Never the store: the command line reads an environment
// variable or a file only its owner can read; the desktop app seals tokens with the OS keystore.
import { originBoundKey } from './confirmations';
import fs from 'node:fs';
import { SyncError } from './errors';

export interface TokenVault {
  /** The token for a source, or null when the source is configured without one. */
  get(sourceName: string): Promise<string | null>;
  set(sourceName: string, token: string): Promise<void>;
  /** Where the user puts a valid token, for messages: "$SIGNING_TOKEN", "the file /x/token". */
  describe(sourceName: string): string;
  /** Drops a removed source's token, so a later source of the same name does not inherit it. */
  forget?(sourceName: string): Promise<void>;
}

export interface TokenPlace {
  tokenEnv: string | null;
  tokenFile: string | null;
}

/** The command line's vault: the source names an environment variable or a 0600 file. */
export function envFileTokenVault(
  lookup: (sourceName: string) => TokenPlace | null,
  env: NodeJS.ProcessEnv = process.env,
): TokenVault {
  return {
    async get(sourceName) {
      const place = lookup(sourceName);
      if (!place) return null;
      if (place.tokenEnv) {
        const token = env[place.tokenEnv]?.trim();
        if (!token) {
          throw new SyncError(
            'auth',
            `the token for source ${sourceName} is read from $${place.tokenEnv}, which is not set. Set it (export ${place.tokenEnv}=...) and run sync again.`,
          );
        }
        return token;
      }
      if (place.tokenFile) return readTokenFile(place.tokenFile, sourceName);
      return null;
    },
    async set(sourceName) {
      throw new SyncError(
        'config',
        `the command line does not store tokens: put the token for source ${sourceName} in an environment variable (--token-env) or a file with mode 0600 (--token-file).`,
      );
    },
    describe(sourceName) {
      const place = lookup(sourceName);
      if (place?.tokenEnv) return `$${place.tokenEnv}`;
      if (place?.tokenFile) return `the file ${place.tokenFile}`;
      return `a token for it (sources add --token-env VAR or --token-file FILE)`;
    },
  };
}

/** A source that names an environment variable or a token file reads it there; any other asks `appVault`. */
export function sourcePlaceFirst(
  lookup: (sourceName: string) => TokenPlace | null,
  appVault: TokenVault,
  env: NodeJS.ProcessEnv = process.env,
): TokenVault {
  const envFile = envFileTokenVault(lookup, env);
  const named = (sourceName: string) => {
    const place = lookup(sourceName);
    return Boolean(place?.tokenEnv || place?.tokenFile);
  };
  return {
    get: (sourceName) => (named(sourceName) ? envFile.get(sourceName) : appVault.get(sourceName)),
    set: (sourceName, token) => appVault.set(sourceName, token),
    describe: (sourceName) => (named(sourceName) ? envFile.describe(sourceName) : appVault.describe(sourceName)),
    forget: async (sourceName) => appVault.forget?.(sourceName),
  };
}

/** Reads a token file, refusing one that other users could read. */
export function readTokenFile(file: string, sourceName: string): string {
  assertPrivateTokenFile(file, sourceName);
  const token = fs.readFileSync(file, 'utf8').trim();
  if (!token)
    throw new SyncError(
      'auth',
      `the token file ${file} for source ${sourceName} is empty. Write the token into it and run sync again.`,
    );
  return token;
}

/** A token file must be a regular file readable by its owner alone (mode 0600 or 0400). */
export function assertPrivateTokenFile(file: string, sourceName: string): void {
  let info: fs.Stats;
  try {
    info = fs.statSync(file);
  } catch (err) {
    throw new SyncError(
      'config',
      `cannot read the token file ${file} for source ${sourceName}: ${(err as Error).message}.`,
    );
  }
  if (!info.isFile()) throw new SyncError('config', `the token file ${file} for source ${sourceName} is not a file.`);
  if (process.platform === 'win32') return;
  const mode = info.mode & 0o777;
  if (mode & 0o077) {
    throw new SyncError(
      'config',
      `the token file ${file} for source ${sourceName} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}). Run "chmod 600 ${file}" and try again.`,
    );
  }
}

/**
 * The app's vault with each token bound to the URL origin it was entered for: the token of source
 * "platform" entered for https://a.example is not found once the case says https://b.example.
 */
export function bindVaultToOrigin(vault: TokenVault, location: (sourceName: string) => string | null): TokenVault {
  const key = (name: string) => originBoundKey(name, location(name));
  return {
    get: (name) => vault.get(key(name)),
    set: (name, token) => vault.set(key(name), token),
    describe: (name) => vault.describe(name),
    forget: async (name) => vault.forget?.(key(name)),
  };
}
