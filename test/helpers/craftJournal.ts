// Appends a journal entry straight into a case file, as anyone holding the file can: a valid leaf
// and chain, no signature, and a body SignTrail itself would refuse to write. For tests of what
// the app does with hostile case files.
import Database from 'better-sqlite3';
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import type { JournalEntry } from '../../shared/journal';
import { chainHash, leafHash, ZERO_CHAIN } from '../../electron/integrity/hash';
import { deriveJournalColumns } from '../../electron/store/journal';

/** Writes `entry` (kind and body as given, unchecked) after the last journal entry; returns its seq. */
export function appendCraftedEntry(
  store: string,
  entry: { id: string; kind: string; body: Record<string, unknown>; analyst?: string },
): number {
  const db = new Database(store);
  try {
    const last = db.prepare('SELECT seq, chain FROM journal ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; chain: Buffer } | undefined;
    const full = {
      id: entry.id,
      time: '2026-03-02T10:00:00.000000Z',
      analyst: entry.analyst ?? 'mallory',
      kind: entry.kind,
      body: entry.body,
      events: [],
    };
    const canon = Buffer.from(canonicalize(full as unknown as JsonValue), 'utf8');
    const leaf = leafHash(canon);
    const seq = (last?.seq ?? 0) + 1;
    const { tag, refers } = deriveJournalColumns(full as unknown as JournalEntry);
    db.prepare(
      'INSERT INTO journal (seq, canon, leaf, chain, entry_id, time, analyst, kind, tag, refers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      seq,
      canon,
      leaf,
      chainHash(last?.chain ?? ZERO_CHAIN, leaf),
      full.id,
      full.time,
      full.analyst,
      full.kind,
      tag,
      refers,
    );
    return seq;
  } finally {
    db.close();
  }
}
