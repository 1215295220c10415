// What a confirmation of this installation (a sync source, a case's rule folder) is bound to: the
// case's origin, read from the file, and the file's real path on this machine. The origin alone is
// written in the case file (and printed in reports and checkpoints): a crafted case could copy a
// genuine case's origin and inherit its confirmations. A moved or copied case file asks again.
import fs from 'node:fs';
import path from 'node:path';
import { getMeta, type Db } from './db';

export function caseKey(db: Db): string {
  let file = ':memory:';
  if (!db.memory && db.name) {
    try {
      file = fs.realpathSync(db.name);
    } catch {
      file = path.resolve(db.name);
    }
  }
  return JSON.stringify([getMeta(db, 'origin') ?? '', file]);
}
