// Numbered migrations, tracked in PRAGMA user_version, each applied in its own transaction.
import type Database from 'better-sqlite3';
import { createEvents } from './0001-create-events';
import { createSearchIndex } from './0002-create-search-index';
import { createSyncSources } from './0003-create-sync-sources';
import { tuneSearchIndex } from './0004-tune-search-index';
import { createJournal } from './0005-create-journal';
import { integerTime } from './0006-integer-time';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  createEvents,
  createSearchIndex,
  createSyncSources,
  tuneSearchIndex,
  createJournal,
  integerTime,
];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function migrate(db: Database.Database, target = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new Error(
      `This store was written by a newer SignTrail (schema ${current}, this version knows ${LATEST_VERSION}). Open it with a newer SignTrail.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
