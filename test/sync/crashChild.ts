// Child process for the crash test: syncs the source "platform" until it is killed.
import { loadOrCreateSigningKey, signTrailHome } from '../../electron/integrity/keys';
import { createSigner } from '../../electron/store/checkpoints';
import { syncSource } from '../../electron/sync/syncSource';

const [storePath] = process.argv.slice(2);
const signer = createSigner(loadOrCreateSigningKey(signTrailHome()));
await syncSource(storePath, 'platform', { signer, http: { pageSize: 10, timeoutMs: 60_000 } });
