// The sync's pages cross from the page worker to the writer's thread packed (store/packedEvents.ts).
// Through a real HTTP server on 127.0.0.1 and the real page worker, the stored rows must be what
// appending the same records directly makes: canonical bytes, leaves, chain and every derived
// column, for times past 2^53 microseconds (BigInt), absent optional columns and non-ASCII text.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store/db';
import { addSource } from '../../electron/sync/sources';
import { syncSource } from '../../electron/sync/syncSource';
import { record } from '../helpers/records';
import { appendRecords } from '../helpers/store';
import { startFakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
afterEach(() => c.db.close());

const COLUMNS =
  'seq, canon, leaf, chain, event_id, CAST(ts AS TEXT), actor_id, actor_type, action, category, entity_type, entity_id, entity_name, status, request_id, key_id';

describe('packed sync pages', () => {
  it('store the same rows as appending the records directly, through the page worker', async () => {
    c = syncCase();
    const records = [
      ...Array.from({ length: 12 }, () => record()),
      record({ timestamp: '9999-12-31T23:59:59.999999Z' }),
      record({ entity: { type: 'User', id: 'bob' }, details: {} }),
      record({ actor: { id: 'zoë@example.com', type: 'user' }, entity: { type: 'Key', id: 'ключ-7', name: '署名鍵' } }),
      record({ timestamp: '0001-01-01T00:00:00.000000Z', status: 'DENIED' }),
      ...Array.from({ length: 9 }, () => record()),
    ];
    const api = await startFakeAuditApi(records);
    process.env.SIGNTRAIL_PACKED_TOKEN = api.token;
    addSource(c.db, { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_PACKED_TOKEN' });
    const report = await syncSource(c.db, 'platform', { signer: c.signer, http: { ...FAST, worker: true } });
    expect(report).toMatchObject({ appended: records.length, error: null });
    expect(report.pages).toBeGreaterThanOrEqual(3); // pages of 10: the crossing is made more than once

    const direct = openStore(path.join(c.dir, 'direct.sqlite'));
    try {
      appendRecords(direct, records);
      const rows = (db: typeof direct) => db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY seq`).raw().all();
      expect(rows(c.db)).toEqual(rows(direct));
      expect(c.db.prepare('SELECT CAST(ts AS TEXT) FROM events WHERE seq = 13').pluck().get()).toBe(
        '253402300799999999',
      );
    } finally {
      direct.close();
    }
    await expectIntactStore(c.db, c.signer.verifierKey, records.length);
  });
});
