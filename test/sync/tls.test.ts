import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { expectIntactStore } from './storeChecks';
import { FAST, platformEvents, syncCase, type SyncCase } from './syncCase';

// A private CA, as a corporate PKI has, and a server certificate for 127.0.0.1 signed by it:
// committed fixtures (fixtures/tls/make.sh, valid until 2126), so these tests run on every machine.
const TLS = path.join(import.meta.dirname, 'fixtures', 'tls');

let c: SyncCase;
let server: https.Server;
let url: string;
let caFile: string;
const events = platformEvents(7);

beforeEach(async () => {
  c = syncCase();
  caFile = path.join(TLS, 'ca.pem');
  server = https.createServer(
    { key: fs.readFileSync(path.join(TLS, 'srv.key')), cert: fs.readFileSync(path.join(TLS, 'srv.pem')) },
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
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('refuses a server certificate from an unknown CA, without retrying', async () => {
  addSource(c.db, { name: 'corp', url });
  const report = await syncSource(c.db, 'corp', { signer: c.signer, http: FAST });
  expect(report.errorKind).toBe('tls');
  expect(report.error).toMatch(
    /^the certificate of https:\/\/127\.0\.0\.1:\d+\/events could not be verified \([A-Z_]+: [^)]+\)\. If your organisation runs its own certificate authority, give its certificate with --ca-file\.$/,
  );
  expect(report.retries).toBe(0);
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it('trusts an extra CA file for a corporate PKI', async () => {
  addSource(c.db, { name: 'corp', url, caFile });
  const report = await syncSource(c.db, 'corp', { signer: c.signer, http: FAST });
  expect(report).toMatchObject({ appended: 7, error: null, cursor: 'end' });
  await expectIntactStore(c.db, c.signer.verifierKey, 7);
});
