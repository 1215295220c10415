// What a store's state is known by without reading its rows: SQLite's own change counters and the
// files' metadata. Two equal stamps taken on one connection mean nothing was committed, and
// nothing written to the files, in between; a report reuses a verification only then.
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
  /** Size and modification time of the file and its WAL, and the file's change time (ctime: not settable by a program). */
  files: string;
}

/**
 * The WAL's ctime is left out: a reader opening the store changes it (SQLite resets an empty WAL's
 * metadata), while every write to it changes its size or mtime.
 */
function fileFacts(path: string, withCtime: boolean): string {
  try {
    const s = fs.statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}${withCtime ? `:${s.ctimeNs}` : ''}`;
  } catch {
    return 'none';
  }
}

function lastRowid(db: Db, table: string): number {
  const exists = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table);
  if (!exists) return 0;
  return (db.prepare(`SELECT coalesce(max(rowid), 0) FROM "${table}"`).pluck().get() as number) ?? 0;
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
  const files = db.memory || !db.name ? 'memory' : `${fileFacts(db.name, true)}|${fileFacts(`${db.name}-wal`, false)}`;
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
