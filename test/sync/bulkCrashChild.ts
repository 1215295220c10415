// Child process for the bulk-sync crash tests: syncs the source "platform" on the bulk path
// (pages of 10, one commit each, bulk from 20 events) until it is killed. With "in-catch-up" as its second argument
// it kills itself with SIGKILL inside the final catch-up transaction, after recreating two
// indexes and before the commit: a crash at the worst moment of the run's last step.
import { loadOrCreateSigningKey, signTrailHome } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { syncSource } from '../../electron/sync/syncSource';

const [storePath, mode] = process.argv.slice(2);
const signer = createSigner(loadOrCreateSigningKey(signTrailHome()));
const db = openStore(storePath);
if (mode === 'in-catch-up') {
  const exec = db.exec.bind(db);
  let created = 0;
  db.exec = (sql: string) => {
    if (/^\s*CREATE INDEX/i.test(sql) && ++created === 3) process.kill(process.pid, 'SIGKILL');
    return exec(sql);
  };
}
// One page per commit (whatever has arrived), so the run turns bulk at its second page.
await syncSource(db, 'platform', {
  signer,
  http: { pageSize: 10, timeoutMs: 60_000, bulkMinEvents: 20, eventsPerCommit: 10 },
});
