// Keyword index tuning for large imports, kept in the index's own configuration (events_fts_config)
// so every connection and every later SignTrail uses it. Measured on a 1M-event CSV import here:
// the search index cost 10.8 µs per event with FTS5's defaults; with these settings the whole
// import went from 33.5 s to 30.5 s, keyword pages as fast as before (docs/performance.md).
import type { Migration } from './index';

export const tuneSearchIndex: Migration = {
  version: 4,
  name: '0004-tune-search-index',
  up: `
    -- Terms pending in memory before FTS5 writes a segment: 16 MiB instead of 1 MiB, so a large
    -- import writes a few large segments instead of hundreds of small ones merged again and again.
    INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', 16777216);
    -- Merge 16 segments of a level at a time (default 4), and force a merge only at 64 (default 16):
    -- fewer, larger merges during an import; keyword pages measured no slower.
    INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 16);
    INSERT INTO events_fts (events_fts, rank) VALUES ('crisismerge', 64);
  `,
};
