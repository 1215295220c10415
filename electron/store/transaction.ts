// Transactions whose body may await (an import reads its file between statements): better-sqlite3's
// db.transaction() takes only synchronous functions.

import type { Db, WritableDb } from './db';

/**
 * Runs `body` in one write transaction (BEGIN IMMEDIATE: the write lock is taken at once, so
 * no reader's snapshot can make the commit fail later). Any error rolls everything back.
 */
export async function inWriteTransaction<T>(db: WritableDb, body: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await body();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Runs `body` in one read snapshot: every statement sees the same moment of the store. `body`
 * must close the iterators it opened before it settles (an open one makes COMMIT fail).
 */
export async function inReadSnapshotAsync<T>(db: Db, body: () => Promise<T>): Promise<T> {
  db.exec('BEGIN');
  try {
    return await body();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

/** The synchronous form of inReadSnapshotAsync. */
export function inReadSnapshot<T>(db: Db, body: () => T): T {
  db.exec('BEGIN');
  try {
    return body();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}
