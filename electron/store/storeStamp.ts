// What a store's state is known by without reading its rows: SQLite's own change counters, the
// files' metadata and the WAL index's page map. Two equal stamps taken on one connection mean
// nothing was committed, and nothing written to the files, in between; a report reuses a
// verification only then.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from './db';

export interface StoreStamp {
  /** PRAGMA data_version: changes when any other connection (any process) commits. */
  dataVersion: number;
  /** PRAGMA schema_version: changes with any change to tables, indexes or triggers. */
  schemaVersion: number;
  /** The newest event's seq, checkpoint ID and journal seq: the sizes the record is about. */
  lastSeq: number;
  lastCheckpointId: number;
  lastJournalSeq: number;
  /**
   * Inode, size, mtime and ctime of the file and its WAL (ctime: not settable by a program), and a
   * digest of the WAL index's header and page map (see walIndexFacts).
   */
  files: string;
}

/**
 * The ctime of an empty WAL is left out: a reader opening the store changes it (SQLite resets an
 * empty WAL's metadata), and an empty WAL holds nothing. A WAL with frames keeps its ctime in the
 * stamp: a program can write bytes inside it and put its size and mtime back, but not its ctime.
 */
function fileFacts(path: string, withCtime: 'always' | 'unless-empty'): string {
  try {
    const s = fs.statSync(path, { bigint: true });
    const ctime = withCtime === 'always' || s.size > 0n ? `:${s.ctimeNs}` : '';
    return `${s.ino}:${s.size}:${s.mtimeNs}${ctime}`;
  } catch {
    return 'none';
  }
}

/**
 * The WAL index (`-shm`) says which WAL frame holds each page, and up to which frame the WAL is
 * committed; a reader whose header copy is unchanged keeps its data_version. So a program that
 * rewrote an entry of its page map (making the newest frame of a page name another page) made this
 * connection, once the page left its cache, and every new one read the page's previous version,
 * with data_version, the files' times and sizes all unchanged (test/report/reuseShmTamper.test.ts).
 * Its bytes are digested, except the checkpoint information and read marks (bytes 96-135), which
 * readers and checkpoints rewrite without changing what is read.
 */
function walIndexFacts(path: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch {
    return 'none';
  }
  return createHash('sha256').update(bytes.subarray(0, 96)).update(bytes.subarray(136)).digest('base64');
}

function lastRowid(db: Db, table: string): number {
  const exists = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table);
  if (!exists) return 0;
  return (db.prepare(`SELECT coalesce(max(rowid), 0) FROM "${table}"`).pluck().get() as number) ?? 0;
}

const openedFiles = new WeakMap<Db, string>();

function fileIdentity(path: string): string {
  const s = fs.statSync(path, { bigint: true });
  return `${s.dev}:${s.ino}`;
}

/**
 * Remembers which file a connection opened (openStore calls it). SQLite keeps reading that file
 * through its descriptor after another file is renamed over its path, so the path's stat alone
 * cannot tell: a verification and a report named the path "intact" while it held a file never read.
 */
export function rememberOpenedFile(db: Db): void {
  if (db.memory || !db.name) return;
  try {
    openedFiles.set(db, fileIdentity(db.name));
  } catch {
    // Nothing at the path to remember.
  }
}

/** True when the connection's path now names another file than the one it opened (and still reads). */
export function replacedSinceOpen(db: Db): boolean {
  const opened = openedFiles.get(db);
  if (opened === undefined) return false;
  try {
    return fileIdentity(db.name) !== opened;
  } catch {
    return true;
  }
}

/** The SQLite part of the stamp: inside a read snapshot it describes that snapshot. */
export function sqliteStamp(db: Db): Omit<StoreStamp, 'files'> {
  return {
    dataVersion: db.pragma('data_version', { simple: true }) as number,
    schemaVersion: db.pragma('schema_version', { simple: true }) as number,
    lastSeq: (db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number) ?? 0,
    lastCheckpointId: lastRowid(db, 'checkpoints'),
    lastJournalSeq: lastRowid(db, 'journal'),
  };
}

export function storeStamp(db: Db): StoreStamp {
  const files =
    db.memory || !db.name
      ? 'memory'
      : `${fileFacts(db.name, 'always')}|${fileFacts(`${db.name}-wal`, 'unless-empty')}|${walIndexFacts(`${db.name}-shm`)}`;
  return { ...sqliteStamp(db), files };
}

export function sameStamp(a: Partial<StoreStamp>, b: Partial<StoreStamp>): boolean {
  return (
    a.dataVersion === b.dataVersion &&
    a.schemaVersion === b.schemaVersion &&
    a.lastSeq === b.lastSeq &&
    a.lastCheckpointId === b.lastCheckpointId &&
    a.lastJournalSeq === b.lastJournalSeq &&
    a.files === b.files
  );
}

/**
 * Empties the connection's page cache, so the next read takes every page from the files. SQLite
 * keeps a connection's cached pages while the WAL index says nothing was committed; bytes changed
 * inside the files by another program would then go unseen by a verification on this connection.
 */
export function dropPageCache(db: Db): void {
  if (!db.inTransaction) db.pragma('shrink_memory');
}
