// The sources a case syncs from, kept in the store (never their tokens).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ChannelArgs } from '../../shared/channels';
import type { SyncSourceView } from '../../shared/sync';
import type { Db } from '../store/db';
import {
  deleteSyncSource,
  findSyncSourceRow,
  insertSyncSource,
  listSyncSourceRows,
  recordSyncRun,
  saveSyncCursor,
  type NewSyncSourceRow,
  type SyncSourceRow,
} from '../store/syncSources';
import { SyncError } from './errors';
import { assertPrivateTokenFile } from './tokens';
import { checkSourceUrl } from './urlPolicy';

export interface SyncSourceConfig extends SyncSourceView {
  tokenEnv: string | null;
  tokenFile: string | null;
  caFile: string | null;
  cursor: string | null;
}

/** A new source as a caller gives it; checked with the one schema of shared/sync.ts. */
export type NewSource = ChannelArgs<'sync.addSource'>;

function fromRow(row: SyncSourceRow): SyncSourceConfig {
  return {
    name: row.name,
    kind: row.kind,
    location: row.location,
    tokenEnv: row.token_env,
    tokenFile: row.token_file,
    caFile: row.ca_file,
    cursor: row.cursor,
    lastRunAt: row.last_run_at,
    lastAppended: row.last_appended,
    lastError: row.last_error,
  };
}

/** What the app and the CLI show: no token place, no cursor. */
export function toView(source: SyncSourceConfig): SyncSourceView {
  const { name, kind, location, lastRunAt, lastAppended, lastError } = source;
  return { name, kind, location, lastRunAt, lastAppended, lastError };
}

/**
 * Adds a source. Its shape (name, URL form, one of URL or folder, where the token is) is parsed with
 * the channel's schema here too, so a direct caller is refused exactly as every door is; then what
 * only this machine can tell: plain http off this machine, the folder, the token file, a taken name.
 */
export function addSource(db: Db, input: NewSource): SyncSourceConfig {
  const source = parseArgs('sync.addSource', input);
  const name = source.name;
  if (findSource(db, name))
    throw new SyncError('config', `a source named ${name} already exists; remove it first or choose another name.`);
  let row: NewSyncSourceRow;
  if (source.url !== undefined) {
    const tokenFile = source.tokenFile ? path.resolve(source.tokenFile) : null;
    if (tokenFile) assertPrivateTokenFile(tokenFile, name);
    const caFile = source.caFile ? path.resolve(source.caFile) : null;
    if (caFile) readCaFile(caFile, name);
    row = {
      name,
      kind: 'http',
      location: checkSourceUrl(source.url).href,
      token_env: source.tokenEnv ?? null,
      token_file: tokenFile,
      ca_file: caFile,
    };
  } else {
    const folder = path.resolve(source.folder!);
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())
      throw new SyncError('config', `${folder} is not a folder. Create it or give the right path.`);
    row = { name, kind: 'folder', location: folder, token_env: null, token_file: null, ca_file: null };
  }
  insertSyncSource(db, row);
  return getSource(db, name);
}

export function findSource(db: Db, name: string): SyncSourceConfig | null {
  const row = findSyncSourceRow(db, name);
  return row ? fromRow(row) : null;
}

export function getSource(db: Db, name: string): SyncSourceConfig {
  const source = findSource(db, name);
  if (!source)
    throw new SyncError(
      'config',
      `this case has no source named ${name}. List its sources with "signtrail sources list".`,
    );
  return source;
}

export function listSources(db: Db): SyncSourceConfig[] {
  return listSyncSourceRows(db).map(fromRow);
}

/** Forgets a source and its cursor; the events it brought stay (the store is append-only). */
export function removeSource(db: Db, name: string): boolean {
  return deleteSyncSource(db, name);
}

/** Stores the cursor; called inside the transaction that appends the page it follows. */
export function saveCursor(db: Db, name: string, cursor: string | null): void {
  saveSyncCursor(db, name, cursor);
}

export function recordRun(db: Db, name: string, appended: number, error: string | null): void {
  recordSyncRun(db, name, appended, error);
}

/** An extra CA bundle (PEM) for a corporate PKI. */
export function readCaFile(file: string, sourceName: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SyncError(
      'config',
      `cannot read the CA file ${file} for source ${sourceName}: ${(err as Error).message}.`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new SyncError(
      'config',
      `the CA file ${file} for source ${sourceName} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`,
    );
  }
  return pem;
}
