// Issue 14, decision 1: the events table's time column becomes INTEGER microseconds since 1970
// (store/timeMicros.ts), and so does every index that holds it: an index entry is ~20 bytes
// smaller than with the 27-byte text, and comparing integers is cheaper than comparing text.
// The canonical bytes, leaf and chain hashes are copied untouched, so verification stays INTACT;
// the keyword index (rowid = seq, content from the same columns) stays valid.
//
// SQLite cannot change a column's type in place: the table is rebuilt in this migration's one
// transaction (migrate() wraps it), rows copied in seq order. The old text is converted in SQL and
// kept only when the integer gives back exactly that text: a time column someone edited into
// something that is not a store time becomes NOT_A_TIME, which no record's time maps to, so
// verify still reports that row MODIFIED (as it did before the migration) instead of the edit
// being healed or the store refused.
//
// The table, index, trigger and view texts repeat 0001's and 0002's on purpose: a migration is a
// fixed record of what it did, never built from code that a later change could alter.
import type { Migration } from './index';
import { tsTextSql } from '../timeMicros';

/** What a time column that was not a store time becomes (the smallest 64-bit integer). */
export const NOT_A_TIME = '-9223372036854775808';

const asMicros = `(unixepoch(substr(ts, 1, 19)) * 1000000 + CAST(substr(ts, 21, 6) AS INTEGER))`;

export const integerTime: Migration = {
  version: 6,
  name: '0006-integer-time',
  up: `
    DROP VIEW events_fts_source;
    DROP TRIGGER events_no_update;
    DROP TRIGGER events_no_delete;
    DROP INDEX events_ts;
    DROP INDEX events_actor_ts;
    DROP INDEX events_action_ts;
    DROP INDEX events_category_ts;
    DROP INDEX events_status_ts;
    DROP INDEX events_entity_ts;
    DROP INDEX events_request;
    ALTER TABLE events RENAME TO events_text_time;

    CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      canon BLOB NOT NULL,
      leaf BLOB NOT NULL,
      chain BLOB NOT NULL,
      event_id TEXT NOT NULL,
      ts INTEGER NOT NULL,
      actor_id TEXT NOT NULL,
      actor_type TEXT NOT NULL,
      action TEXT NOT NULL,
      category TEXT NOT NULL,
      entity_type TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      entity_name TEXT,
      status TEXT NOT NULL,
      request_id TEXT,
      key_id TEXT,
      import_id INTEGER NOT NULL,
      source_line INTEGER NOT NULL
    ) STRICT;

    INSERT INTO events (seq, canon, leaf, chain, event_id, ts, actor_id, actor_type, action, category,
        entity_type, entity_id, entity_name, status, request_id, key_id, import_id, source_line)
      SELECT seq, canon, leaf, chain, event_id,
        CASE WHEN ${tsTextSql('micros')} IS ts THEN micros ELSE ${NOT_A_TIME} END,
        actor_id, actor_type, action, category, entity_type, entity_id, entity_name, status, request_id,
        key_id, import_id, source_line
      FROM (SELECT *, ${asMicros} AS micros FROM events_text_time)
      ORDER BY seq;
    DROP TABLE events_text_time;

    CREATE INDEX events_ts ON events (ts);
    CREATE INDEX events_actor_ts ON events (actor_id, ts);
    CREATE INDEX events_action_ts ON events (action, ts);
    CREATE INDEX events_category_ts ON events (category, ts);
    CREATE INDEX events_status_ts ON events (status, ts);
    CREATE INDEX events_entity_ts ON events (entity_id, ts);
    CREATE INDEX events_request ON events (request_id) WHERE request_id IS NOT NULL;

    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;

    CREATE VIEW events_fts_source AS
      SELECT
        seq,
        event_id AS id,
        actor_id || ' ' || actor_type AS actor,
        action || ' ' || category AS action,
        entity_type || ' ' || entity_id || coalesce(' ' || entity_name, '') AS entity,
        status,
        json_extract(CAST(canon AS TEXT), '$.details') AS details
      FROM events;
  `,
};
