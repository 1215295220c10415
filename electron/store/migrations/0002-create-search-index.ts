// Keyword search: an FTS5 index over a view derived from the stored bytes, so FTS5's own
// integrity-check compares the index with what the events really say.
import type { Migration } from './index';

/**
 * The text indexed for an event is computed in SQL, so index and check can never disagree in code.
 * Details are indexed as their JSON text: the tokenizer splits keys and values into words, and a
 * request ID or artifact path is found as a phrase. (A json_tree() subquery here would make FTS5's
 * content check fail with "SQL logic error".)
 */
export const createSearchIndex: Migration = {
  version: 2,
  name: '0002-create-search-index',
  up: `
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

    CREATE VIRTUAL TABLE events_fts USING fts5(
      id, actor, action, entity, status, details,
      content = 'events_fts_source', content_rowid = 'seq', columnsize = 0,
      tokenize = 'unicode61 remove_diacritics 2'
    );
  `,
};
