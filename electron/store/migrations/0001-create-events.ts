// The append-only event table, its metadata and the record of every import.
import type { Migration } from './index';

export const createEvents: Migration = {
  version: 1,
  name: '0001-create-events',
  up: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('file', 'sync', 'demo')),
      source TEXT NOT NULL,
      file_size INTEGER,
      file_sha256 TEXT,
      format TEXT,
      assumed_tz TEXT,
      received INTEGER NOT NULL,
      appended INTEGER NOT NULL,
      duplicates INTEGER NOT NULL,
      conflicts INTEGER NOT NULL,
      first_seq INTEGER,
      last_seq INTEGER,
      imported_by TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      signtrail_version TEXT NOT NULL,
      detail TEXT
    ) STRICT;

    CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      canon BLOB NOT NULL,
      leaf BLOB NOT NULL,
      chain BLOB NOT NULL,
      event_id TEXT NOT NULL,
      ts TEXT NOT NULL,
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

    CREATE INDEX events_ts ON events (ts);
    CREATE INDEX events_actor_ts ON events (actor_id, ts);
    CREATE INDEX events_action_ts ON events (action, ts);
    CREATE INDEX events_category_ts ON events (category, ts);
    CREATE INDEX events_status_ts ON events (status, ts);
    CREATE INDEX events_entity_ts ON events (entity_id, ts);
    CREATE INDEX events_request ON events (request_id) WHERE request_id IS NOT NULL;

    -- Duplicate detection by event ID: a 48-bit hash of the ID is a far cheaper index entry than
    -- the ID itself; the few IDs sharing a hash are told apart by reading their events.
    CREATE TABLE event_ids (id_hash INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (id_hash, seq)) WITHOUT ROWID;

    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;

    CREATE TABLE checkpoints (
      id INTEGER PRIMARY KEY,
      size INTEGER NOT NULL,
      root BLOB NOT NULL,
      note TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
      BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE refused'); END;
    CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
      BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE refused'); END;
  `,
};
