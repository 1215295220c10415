// Opening a case: one SQLite file, migrated to the current schema, with its identity in `meta`.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { completeCatchUp } from './bulkLoad';
import { LATEST_VERSION, migrate } from './migrations/index';
import { schemaDifferences, type SchemaDifference } from './schema';
import { rememberOpenedFile } from './storeStamp';

export type Db = Database.Database;

declare const access: unique symbol;
/**
 * A connection that read handlers get (Signal Desktop's ReadableDB / WritableDB model): it reads
 * with every function of the store, but a function that writes takes a WritableDb, which a
 * ReadableDb is not (its brand says 'read'), so a read handler that writes fails the type-check.
 */
export type ReadableDb = Db & { readonly [access]: 'read' };
/** What the store's write functions take: any connection but one marked ReadableDb. */
export type WritableDb = Db & { readonly [access]?: 'write' };

/** Marks a connection as the readers' (no cost at run time). */
export function asReadable(db: Db): ReadableDb {
  return db as ReadableDb;
}

export interface OpenStoreOptions {
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  readonly?: boolean;
  /** SQLite page cache in KiB: readers default to 64 MiB; imports pass less to stay in bounded memory. */
  cacheKiB?: number;
  /**
   * Open a store whose schema differs from what the migrations make, for reading only (verify
   * names the differences). Without it such a store is refused: nothing is written to it.
   */
  allowSchemaDifferences?: boolean;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

/** A store whose schema is not the one SignTrail's migrations make: refused for writing. */
export class SchemaMismatchError extends StoreError {
  override name = 'SchemaMismatchError';
  constructor(
    path: string,
    readonly differences: SchemaDifference[],
  ) {
    const listed = differences
      .slice(0, 5)
      .map((d) => d.message)
      .join(' ');
    const more = differences.length > 5 ? ` (and ${differences.length - 5} more)` : '';
    super(
      `The store ${path} is refused for writing: its schema differs from what SignTrail makes. ${listed}${more} Someone changed the file outside SignTrail; nothing was written to it. Run "signtrail verify --store ${path}" to see every finding.`,
    );
  }
}

export function openStore(path: string, options: OpenStoreOptions = {}): Db {
  const { create = true, readonly = false, cacheKiB = 65536, allowSchemaDifferences = false } = options;
  const exists = fs.existsSync(path);
  if (!exists && (!create || readonly)) {
    throw new StoreError(
      `No store at ${path}. Create one with "signtrail import --store ${path} FILE" or "signtrail demo".`,
    );
  }
  let db: Db;
  try {
    db = new Database(path, { readonly, fileMustExist: !create || readonly });
  } catch (err) {
    throw new StoreError(`Cannot open store ${path}: ${(err as Error).message}`);
  }
  rememberOpenedFile(db);
  try {
    // Views and triggers in a store are someone else's SQL: they may call no function with side effects.
    db.pragma('trusted_schema = OFF');
    let differs = false;
    if (exists) {
      assertSqliteStore(db, path);
      if (!readonly) assertKnownVersion(db);
      const differences = schemaDifferences(db);
      differs = differences.length > 0;
      if (differs && !readonly && !allowSchemaDifferences) throw new SchemaMismatchError(path, differences);
    }
    db.pragma('busy_timeout = 5000');
    if (!readonly && !differs) {
      db.pragma('journal_mode = WAL');
      // Checkpoint the WAL every 64 MiB rather than every 4 MiB: a sync commits a page of events at a
      // time, and copying the WAL back after each one cost a fifth of the run (18k -> 22k events/s).
      db.pragma('wal_autocheckpoint = 16384');
      // Each import is one transaction; FULL makes its commit durable at the cost of one fsync.
      db.pragma('synchronous = FULL');
      migrate(db);
      ensureIdentity(db);
      completeInterruptedCatchUp(db, path);
    }
    db.pragma(`cache_size = -${Math.floor(cacheKiB)}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * A sync run that died between its pages left the filter indexes to catch up (bulkLoad.ts):
 * recreate them now. When another process holds the write lock (that run may still be going and
 * will complete it itself), the store opens as it is: it is consistent, only slower to filter.
 */
function completeInterruptedCatchUp(db: WritableDb, path: string): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    completeCatchUp(db);
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') {
      throw new StoreError(`Cannot rebuild the filter indexes of ${path}: ${(err as Error).message}`);
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

function assertSqliteStore(db: Db, path: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    throw new StoreError(`${path} is not a SignTrail store (not an SQLite database).`);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (version === 0 && tables.n > 0) {
    throw new StoreError(`${path} is an SQLite database but not a SignTrail store.`);
  }
}

function assertKnownVersion(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new StoreError(
      `This store was written by a newer SignTrail (schema ${version}, this version knows ${LATEST_VERSION}). Open it with a newer SignTrail.`,
    );
  }
}

function ensureIdentity(db: WritableDb): void {
  const existing = getMeta(db, 'store_id');
  if (existing) return;
  const storeId = randomUUID();
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    put.run('store_id', storeId);
    put.run('origin', `signtrail/${storeId}`);
    put.run('created_at', new Date().toISOString());
  })();
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/**
 * A meta value a case file may have made arbitrarily large: its size in bytes is read first (from
 * the record header, without loading it), and the value only when it is at most `maxBytes`.
 */
export function getMetaUpTo(db: Db, key: string, maxBytes: number): { value: string | null; bytes: number } {
  const bytes = db.prepare('SELECT octet_length(value) FROM meta WHERE key = ?').pluck().get(key) as
    number | null | undefined;
  if (bytes === undefined || bytes === null) return { value: null, bytes: 0 };
  return { value: bytes <= maxBytes ? getMeta(db, key) : null, bytes };
}

export function setMeta(db: WritableDb, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function eventCount(db: Db): number {
  const row = db.prepare('SELECT max(seq) AS n FROM events').get() as { n: number | null };
  return row.n ?? 0;
}
