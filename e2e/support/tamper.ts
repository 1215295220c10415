// Edits a store behind the app's back, the way an attacker with file access would.
import Database from 'better-sqlite3';

/** Rewrites the actor column of event `seq`, dropping the trigger that forbids updates. */
export function rewriteActor(storePath: string, seq: number, actorId: string): void {
  const db = new Database(storePath);
  try {
    db.exec('DROP TRIGGER IF EXISTS events_no_update');
    const changed = db.prepare('UPDATE events SET actor_id = ? WHERE seq = ?').run(actorId, seq).changes;
    if (changed !== 1) throw new Error(`No event with seq ${seq} to tamper with in ${storePath}.`);
  } finally {
    db.close();
  }
}
