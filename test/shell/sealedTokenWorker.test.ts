import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { createWorkerService, type WorkerLike, type WorkerService } from '../../electron/service/host/workerService';
import { noJobContext } from '../../shared/handlers';
import { SEALED_TOKENS_FILE } from '../../electron/sync/sealedTokenVault';
import type { KeySealer } from '../../electron/desktop/safeStorageSealer';
import { workerEntry } from '../../electron/threads/workerEntry';
import { tempDir } from '../helpers/tmp';
import { startFakeAuditApi } from '../sync/fakeAuditApi';
import { platformEvents } from '../sync/syncCase';

/** Main's keystore stand-in: XOR with a random pad, reversible and never the identity. */
function xorSealer(): KeySealer & { calls: string[] } {
  const pad = crypto.randomBytes(64);
  const xor = (data: Buffer) => Buffer.from(data.map((byte, i) => byte ^ pad[i % pad.length] ^ 0x5a));
  const calls: string[] = [];
  return {
    kind: 'test-xor',
    calls,
    seal: (plain) => (calls.push('seal'), xor(plain)),
    unseal: (sealed) => (calls.push('unseal'), xor(sealed)),
  };
}

let service: WorkerService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

it("the app's service worker seals a typed-in token through main and syncs with it as the bearer", async () => {
  const dir = tempDir('signtrail-sealed-worker-');
  const home = path.join(dir, 'home');
  const storePath = path.join(dir, 'case.sqlite');
  const token = 'tok-' + crypto.randomBytes(18).toString('base64url');
  const api = await startFakeAuditApi(platformEvents(17), token);
  const entry = workerEntry(
    new URL('../../electron/service/host/serviceWorker.ts', import.meta.url).href,
    'serviceWorker',
  );
  expect(entry).not.toBeNull();
  const sealer = xorSealer();
  const worker = new Worker(entry!.script, { eval: entry!.eval, workerData: { home, sealerKind: sealer.kind } });
  service = createWorkerService(worker as unknown as WorkerLike, sealer);
  await service.open(storePath);
  const ctx = noJobContext();

  await service.invoke('sync.addSource', { name: 'platform', url: api.url }, ctx);
  expect(await service.invoke('sync.setToken', { name: 'platform', token }, ctx)).toEqual({ stored: true });
  const [report] = await service.invoke('sync.run', { source: 'platform' }, ctx);

  expect(report).toMatchObject({ appended: 17, error: null });
  expect(api.requests[0].authorization).toBe(`Bearer ${token}`);
  expect(sealer.calls).toContain('unseal');
  // Owner-only on POSIX; Windows has no such mode bits, and Node reports a plain file there as 0666.
  expect(fs.statSync(path.join(home, SEALED_TOKENS_FILE)).mode & 0o777).toBe(
    process.platform === 'win32' ? 0o666 : 0o600,
  );
  await service.stop();
  service = null;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
    const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
    expect(bytes.includes(token), `token found in ${entry.name}`).toBe(false);
    expect(bytes.includes(Buffer.from(token).toString('base64')), `base64 token found in ${entry.name}`).toBe(false);
  }
}, 30_000);
