// The sources a case syncs from, kept in the store (never their tokens).
import fs from 'node:fs';
import path from 'node:path';
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

export interface NewSource {
  name: string;
  url?: string;
  folder?: string;
  tokenEnv?: string;
  tokenFile?: string;
  caFile?: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

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

export function addSource(db: Db, input: NewSource): SyncSourceConfig {
  const name = input.name.trim();
  if (!NAME_PATTERN.test(name)) {
    throw new SyncError(
      'config',
      `"${input.name}" is not a valid source name: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    );
  }
  if (Boolean(input.url) === Boolean(input.folder))
    throw new SyncError('config', 'give a source either a URL or a folder, not both or neither.');
  if (findSource(db, name))
    throw new SyncError('config', `a source named ${name} already exists; remove it first or choose another name.`);
  let row: NewSyncSourceRow;
  if (input.url) {
    if (input.tokenEnv && input.tokenFile)
      throw new SyncError('config', 'give the token either as --token-env or as --token-file, not both.');
    if (input.tokenEnv && !ENV_PATTERN.test(input.tokenEnv)) {
      throw new SyncError(
        'config',
        `"${input.tokenEnv}" is not an environment variable name (letters, digits and _, not starting with a digit).`,
      );
    }
    const tokenFile = input.tokenFile ? path.resolve(input.tokenFile) : null;
    if (tokenFile) assertPrivateTokenFile(tokenFile, name);
    const caFile = input.caFile ? path.resolve(input.caFile) : null;
    if (caFile) readCaFile(caFile, name);
    row = {
      name,
      kind: 'http',
      location: checkSourceUrl(input.url).href,
      token_env: input.tokenEnv ?? null,
      token_file: tokenFile,
      ca_file: caFile,
    };
  } else {
    if (input.tokenEnv || input.tokenFile || input.caFile)
      throw new SyncError('config', 'a folder source takes no token and no CA file.');
    const folder = path.resolve(input.folder!);
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
