// Keyword search: an FTS5 index over a view derived from the stored bytes, so FTS5's own
// integrity-check compares the index with what the events really say.
import type { Migration } from './index';

/** The text indexed for an event, computed in SQL so index and check can never disagree in code. */
export const createSearchIndex: Migration = {
  version: 2,
  name: '0002-create-search-index',
  up: `
    CREATE VIEW events_fts_source AS
      SELECT
        seq,
        actor_id || ' ' || actor_type AS actor,
        action || ' ' || category AS action,
        entity_type || ' ' || entity_id || coalesce(' ' || entity_name, '') AS entity,
        status,
        (SELECT group_concat(CASE WHEN atom IS NULL THEN key ELSE key || ' ' || atom END, ' ')
           FROM json_tree(CAST(canon AS TEXT), '$.details')) AS details
      FROM events;

    CREATE VIRTUAL TABLE events_fts USING fts5(
      actor, action, entity, status, details,
      content = 'events_fts_source', content_rowid = 'seq',
      tokenize = 'unicode61 remove_diacritics 2'
    );
  `,
};
