// Edits a store's rows as an attacker with the file would: the guarding triggers dropped, the SQL
// run, the keyword index rebuilt over the edited rows, the triggers put back as the migrations make them.
import type { Db } from '../../electron/store/db';
import { expectedSchema } from '../../electron/store/schema';

export function tamperRows(db: Db, sql: string): void {
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  db.exec(sql);
  db.exec("INSERT INTO events_fts(events_fts) VALUES ('rebuild')");
  for (const o of expectedSchema().values()) {
    if (o.type !== 'trigger' || !o.sql) continue;
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(o.name)) db.exec(o.sql);
  }
}
