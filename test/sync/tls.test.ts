import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { expectIntactStore } from './storeChecks';
import { FAST, platformEvents, syncCase, type SyncCase } from './syncCase';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let c: SyncCase;
let server: https.Server;
let url: string;
let caFile: string;
const events = platformEvents(7);

beforeEach(async () => {
  c = syncCase();
  if (!hasOpenssl) return;
  // A private CA, as a corporate PKI has, and a server certificate for 127.0.0.1 signed by it.
  const d = c.dir;
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'ignore' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Test Corp CA',
  );
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(d, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    'srv.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'srv.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
  caFile = path.join(d, 'ca.pem');
  server = https.createServer(
    { key: fs.readFileSync(path.join(d, 'srv.key')), cert: fs.readFileSync(path.join(d, 'srv.pem')) },
    (req, res) => {
      const after = new URL(req.url!, 'https://x').searchParams.get('after');
      const body = after === null ? { events, next: 'end' } : { events: [], next: null };
      res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});

afterEach(async () => {
  c.db.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

it.skipIf(!hasOpenssl)('refuses a server certificate from an unknown CA, without retrying', async () => {
  addSource(c.db, { name: 'corp', url });
  const report = await syncSource(c.db, 'corp', { signer: c.signer, http: FAST });
  expect(report.errorKind).toBe('tls');
  expect(report.error).toMatch(
    /^the certificate of https:\/\/127\.0\.0\.1:\d+\/events could not be verified \([A-Z_]+: [^)]+\)\. If your organisation runs its own certificate authority, give its certificate with --ca-file\.$/,
  );
  expect(report.retries).toBe(0);
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it.skipIf(!hasOpenssl)('trusts an extra CA file for a corporate PKI', async () => {
  addSource(c.db, { name: 'corp', url, caFile });
  const report = await syncSource(c.db, 'corp', { signer: c.signer, http: FAST });
  expect(report).toMatchObject({ appended: 7, error: null, cursor: 'end' });
  await expectIntactStore(c.db, c.signer.verifierKey, 7);
});
