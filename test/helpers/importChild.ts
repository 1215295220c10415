// Run as a child process by the crash test: imports a file and reports progress on stdout,
// so the test can kill it in the middle of the transaction.
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';

const [store, file, home] = process.argv.slice(2);
const db = openStore(store);
const signer = createSigner(loadOrCreateSigningKey(home));
importFile(db, file, { signer, onProgress: (n) => process.stdout.write(`progress ${n}\n`) }).then(
  (summary) => process.stdout.write(`done ${summary.appended}\n`),
  (err) => {
    process.stderr.write(String(err));
    process.exitCode = 2;
  },
);
