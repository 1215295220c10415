// The text the keyword index holds for each event, computed by code from the events table. The
// store's view events_fts_source (migration 0002) says the same for FTS5's own content check, but a
// store is someone else's file: the index is filled from, and checked against, this text.
export const SEARCH_COLUMNS = ['id', 'actor', 'action', 'entity', 'status', 'details'] as const;

/** The tokenizer of events_fts, as migration 0002 creates it. */
export const SEARCH_TOKENIZER = "'unicode61 remove_diacritics 2'";

/** seq and the six indexed columns of every event, as migration 0002's view derives them. */
export const SEARCH_TEXT_SELECT = `SELECT
    seq,
    event_id AS id,
    actor_id || ' ' || actor_type AS actor,
    action || ' ' || category AS action,
    entity_type || ' ' || entity_id || coalesce(' ' || entity_name, '') AS entity,
    status,
    json_extract(CAST(canon AS TEXT), '$.details') AS details
  FROM main.events`;
