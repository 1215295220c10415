// The schema a store must have is the one SignTrail's own migrations make: it is derived by running
// them on an in-memory database (so every later migration is covered without a list kept by hand)
// and compared, object by object, with what a store file says it holds. No SQL text is ever taken
// from a store and executed: a store is someone else's file (docs/threat-model.md).
import Database from 'better-sqlite3';
import { readCatchUp } from './catchUp';
import { LATEST_VERSION, migrate } from './migrations/index';

type Db = Database.Database;

export interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

/** One way a store's schema differs from what the migrations make, naming the object. */
export interface SchemaDifference {
  /** e.g. "index events_ts", "view events_fts_source", "trigger events_no_update". */
  object: string;
  problem: 'missing' | 'changed' | 'unexpected';
  message: string;
}

/**
 * Internal tables SQLite itself makes and fills (ANALYZE statistics, AUTOINCREMENT counters), by
 * the exact definition SQLite gives them. Only such a table is left out of the comparison: a file
 * can hold a trigger or view under one of these names (written straight into sqlite_master), and
 * SQLite runs such a trigger on SignTrail's own writes, so it is compared like any other object.
 */
const SQLITE_OWN: Record<string, string> = {
  sqlite_sequence: 'CREATE TABLE sqlite_sequence(name,seq)',
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
};

const isSqliteOwn = (o: SchemaObject): boolean =>
  o.type === 'table' && Object.hasOwn(SQLITE_OWN, o.name) && SQLITE_OWN[o.name] === o.sql && o.tblName === o.name;

function readSchema(db: Db): SchemaObject[] {
  return (
    db
      .prepare('SELECT type, name, tbl_name AS tblName, sql FROM main.sqlite_master ORDER BY type, name')
      .all() as SchemaObject[]
  ).filter((o) => !isSqliteOwn(o));
}

const expectedByVersion = new Map<number, Map<string, SchemaObject>>();

/** The schema migrations 1..version make, from the migrations themselves (cached per version). */
export function expectedSchema(version = LATEST_VERSION): Map<string, SchemaObject> {
  let schema = expectedByVersion.get(version);
  if (!schema) {
    const mem = new Database(':memory:');
    try {
      migrate(mem, version);
      schema = new Map(readSchema(mem).map((o) => [`${o.type} ${o.name}`, o]));
    } finally {
      mem.close();
    }
    expectedByVersion.set(version, schema);
  }
  return schema;
}

/** Differences between the store's schema (at its own user_version) and the migrations'. */
export function schemaDifferences(db: Db): SchemaDifference[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION || version < 0) {
    return [
      {
        object: 'user_version',
        problem: 'changed',
        message: `the store says it has schema version ${version}, which this SignTrail does not know.`,
      },
    ];
  }
  const expected = expectedSchema(version);
  const actual = new Map(readSchema(db).map((o) => [`${o.type} ${o.name}`, o]));
  const differences: SchemaDifference[] = [];
  // A recorded catch-up (catchUp.ts) accepts the events table's indexes missing, and only those.
  const catchingUp = readCatchUp(db) !== null;
  for (const [key, want] of expected) {
    const have = actual.get(key);
    if (!have) {
      if (catchingUp && want.type === 'index' && want.tblName === 'events') continue;
      differences.push({ object: key, problem: 'missing', message: `${key} is missing.` });
    } else if (have.sql !== want.sql || have.tblName !== want.tblName) {
      differences.push({
        object: key,
        problem: 'changed',
        message: `${key} has a definition SignTrail's migrations did not make.`,
      });
    }
  }
  for (const key of actual.keys()) {
    if (!expected.has(key)) {
      differences.push({ object: key, problem: 'unexpected', message: `${key} was not made by SignTrail.` });
    }
  }
  return differences;
}

/** The CREATE INDEX statements of a table, as the migrations make them (never as the store says). */
export function expectedIndexes(table: string, version = LATEST_VERSION): { name: string; sql: string }[] {
  return [...expectedSchema(version).values()]
    .filter((o) => o.type === 'index' && o.tblName === table && o.sql !== null)
    .map((o) => ({ name: o.name, sql: o.sql! }));
}
