// Sync sources of a case and the drop-folder files already taken in. Tokens are never stored:
// only the NAME of an environment variable or the PATH of a 0600 token file.
import type { Migration } from './index';

export const createSyncSources: Migration = {
  version: 3,
  name: '0003-create-sync-sources',
  up: `
    CREATE TABLE sync_sources (
      name TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('http', 'folder')),
      location TEXT NOT NULL,
      token_env TEXT,
      token_file TEXT,
      ca_file TEXT,
      cursor TEXT,
      created_at TEXT NOT NULL,
      last_run_at TEXT,
      last_appended INTEGER,
      last_error TEXT,
      CHECK (kind = 'http' OR (token_env IS NULL AND token_file IS NULL AND ca_file IS NULL)),
      CHECK (token_env IS NULL OR token_file IS NULL)
    ) STRICT;

    CREATE TABLE sync_files (
      source TEXT NOT NULL REFERENCES sync_sources (name) ON DELETE CASCADE,
      sha256 TEXT NOT NULL,
      path TEXT NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      imported_at TEXT NOT NULL,
      import_id INTEGER,
      -- set when the file was refused: the same content is not tried again
      error TEXT,
      PRIMARY KEY (source, sha256)
    ) STRICT;

    CREATE INDEX sync_files_path ON sync_files (source, path);
  `,
};
