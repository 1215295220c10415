// The case journal (docs/journal.md): a second append-only log in the same case file, with the
// same integrity as the events: canonical bytes, leaf and chain hashes, its own Merkle tree and
// signed checkpoints under the origin `<case origin>/journal`. Every column beside `canon` is
// derived from it, and verification recomputes them.
import type { Migration } from './index';

export const createJournal: Migration = {
  version: 5,
  name: '0005-create-journal',
  up: `
    CREATE TABLE journal (
      seq INTEGER PRIMARY KEY,
      canon BLOB NOT NULL,
      leaf BLOB NOT NULL,
      chain BLOB NOT NULL,
      entry_id TEXT NOT NULL,
      time TEXT NOT NULL,
      analyst TEXT NOT NULL,
      kind TEXT NOT NULL,
      -- tag and untag: the tag name; otherwise NULL.
      tag TEXT,
      -- amend, retract and conclusion: the entry it points at; otherwise NULL.
      refers TEXT
    ) STRICT;
    CREATE INDEX journal_entry_id ON journal (entry_id);
    CREATE INDEX journal_kind_tag ON journal (kind, tag);
    CREATE INDEX journal_refers ON journal (refers) WHERE refers IS NOT NULL;

    -- Which events each entry concerns, derived from its canonical bytes (for filters).
    CREATE TABLE journal_events (
      event_seq INTEGER NOT NULL,
      entry_seq INTEGER NOT NULL,
      PRIMARY KEY (event_seq, entry_seq)
    ) WITHOUT ROWID;
    CREATE INDEX journal_events_entry ON journal_events (entry_seq);

    CREATE TABLE journal_checkpoints (
      id INTEGER PRIMARY KEY,
      size INTEGER NOT NULL,
      root BLOB NOT NULL,
      note TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
      BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE refused'); END;
    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
      BEGIN SELECT RAISE(ABORT, 'the journal is append-only: DELETE refused'); END;
    CREATE TRIGGER journal_events_no_update BEFORE UPDATE ON journal_events
      BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE refused'); END;
    CREATE TRIGGER journal_events_no_delete BEFORE DELETE ON journal_events
      BEGIN SELECT RAISE(ABORT, 'the journal is append-only: DELETE refused'); END;
    CREATE TRIGGER journal_checkpoints_no_update BEFORE UPDATE ON journal_checkpoints
      BEGIN SELECT RAISE(ABORT, 'journal checkpoints are append-only: UPDATE refused'); END;
    CREATE TRIGGER journal_checkpoints_no_delete BEFORE DELETE ON journal_checkpoints
      BEGIN SELECT RAISE(ABORT, 'journal checkpoints are append-only: DELETE refused'); END;
  `,
};
