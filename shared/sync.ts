// Sync sources and sync runs as the app and the CLI show them, and the one schema of a new source.
// Tokens never appear here.
import { z } from 'zod';
import type { ConflictReport } from './results';

/**
 * A source's name: how the case, the CLI and this installation's confirmations call it. The one
 * rule, used by the channel contract and by the sync module alike (surrounding spaces are dropped).
 */
export const syncSourceName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'a source name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

const sourcePath = z.string().trim().min(1).max(4096);

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A new sync source: the platform's audit API (url, with where its token is) or a drop folder.
 * Every door parses it with this schema (shared/channels.ts) and so does electron/sync/sources.ts
 * for direct callers, so a name or URL is refused with the same sentence wherever it comes from.
 * What only the service can check (plain http off this machine, the folder exists, the token
 * file's mode, a taken name) the service checks after it.
 */
export const newSyncSource = z
  .object({
    name: syncSourceName,
    url: z.string().trim().max(2048).refine(isHttpUrl, 'the URL must be an http:// or https:// address').optional(),
    folder: sourcePath.optional(),
    /** The environment variable that holds the bearer token. */
    tokenEnv: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
        'an environment variable name is letters, digits and _, not starting with a digit',
      )
      .optional(),
    /** A file, mode 0600, that holds the bearer token. */
    tokenFile: sourcePath.optional(),
    /** An extra CA bundle (PEM) to trust for HTTPS. */
    caFile: sourcePath.optional(),
  })
  .strict()
  .superRefine((source, ctx) => {
    if ((source.url === undefined) === (source.folder === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'give exactly one of url (an audit API) or folder (a drop folder)',
      });
    if (source.folder !== undefined && (source.tokenEnv || source.tokenFile || source.caFile))
      ctx.addIssue({ code: 'custom', path: ['folder'], message: 'a folder source takes no token and no CA file' });
    if (source.tokenEnv && source.tokenFile)
      ctx.addIssue({
        code: 'custom',
        path: ['tokenFile'],
        message: 'give the token either as tokenEnv or as tokenFile, not both',
      });
  });

export type NewSyncSource = z.output<typeof newSyncSource>;

export interface SyncSourceView {
  name: string;
  kind: 'http' | 'folder';
  /** URL or folder path. */
  location: string;
  lastRunAt: string | null;
  lastAppended: number | null;
  lastError: string | null;
  /** This installation confirmed the source as it is now; an unconfirmed source is never run. */
  confirmed?: boolean;
}

/** Why a sync run stopped early; each kind says what the user does next. */
export type SyncFailureKind = 'config' | 'auth' | 'network' | 'malformed' | 'tls' | 'cancelled' | 'store';

/** What one sync run of one source did. */
export interface SyncRunReport {
  source: string;
  kind: 'http' | 'folder';
  appended: number;
  duplicates: number;
  conflicts: number;
  pages: number;
  files: number;
  cursor: string | null;
  error: string | null;
  /** Why the run stopped early; null when it ran to the end. */
  errorKind: SyncFailureKind | null;
  /** Events received from the source (appended + duplicates + conflicts). */
  received: number;
  /** Folder files still being written: taken on a later run. */
  pending: string[];
  /** Folder files refused (the same content is not tried again). */
  rejected: { file: string; message: string }[];
  /** The first conflicts in full; `conflicts` counts them all. */
  conflictReports: ConflictReport[];
  /** Transient faults retried on the way. */
  retries: number;
  durationMs: number;
}
