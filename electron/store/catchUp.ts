// The "catching up" state of a store: a sync run that brings many events drops the events table's
// filter indexes once and appends page after page without them (each page still its own
// transaction), then recreates them in one final transaction. Between those two commits the store
// is in a recorded state that everything understands: the `meta` key below says the indexes are
// being caught up, the schema check accepts exactly those indexes missing (nothing else), verify
// checks the events as always (the keyword index is kept up to date page by page, so it is
// complete), and opening the store for writing completes the catch-up when the run is not there to
// do it (a crash, a killed process). Indexes are derived data: their absence costs speed, never
// evidence. See docs/performance.md, decision 5.
import type { Database as Db } from 'better-sqlite3';

/** `meta` key whose presence records the catching-up state; its value says since when and why. */
export const CATCH_UP_META_KEY = 'indexes_catching_up';

export interface CatchUpState {
  /** When the indexes were dropped (ISO time). */
  since: string;
  /** What dropped them (a sync source's name). */
  by: string;
}

/** The recorded state, or null. A store without a `meta` table (not SignTrail's) has none. */
export function readCatchUp(db: Db): CatchUpState | null {
  let value: string | undefined;
  try {
    value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(CATCH_UP_META_KEY) as string | undefined;
  } catch {
    return null;
  }
  if (value === undefined) return null;
  try {
    const parsed = JSON.parse(value) as Partial<CatchUpState>;
    return { since: String(parsed.since ?? ''), by: String(parsed.by ?? '') };
  } catch {
    return { since: '', by: '' };
  }
}
