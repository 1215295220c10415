// A bulk import end to end (indexes rebuilt once, duplicates screened by the ID filter), on a file
// large enough to take that path, imported again and then with one event changed at the source.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { BULK_MIN_EVENTS, isBulkImport } from '../../electron/store/bulkLoad';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

describe('a bulk import', () => {
  it('stores every event once, counts a re-import as duplicates and a changed event as a conflict', async () => {
    const dir = tempDir();
    const signer = createSigner(loadOrCreateSigningKey(path.join(dir, 'home')));
    const records = Array.from({ length: BULK_MIN_EVENTS + 5_000 }, () =>
      record({ details: { requestId: 'req', algorithm: 'RSA-3072', artifact: 'release/app-installer-x64.msi' } }),
    );
    const file = path.join(dir, 'events.ndjson');
    fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const db = openStore(path.join(dir, 'case.sqlite'));
    expect(isBulkImport(db, fs.statSync(file).size)).toBe(true);

    const first = await importFile(db, file, { signer });
    expect(first).toMatchObject({ rejected: null, appended: records.length, duplicates: 0 });

    // Again: the store is as large as the file, so this is a bulk import too, with the filter full.
    const again = await importFile(db, file, { signer });
    expect(again).toMatchObject({ rejected: null, appended: 0, duplicates: records.length, conflicts: [] });

    const changed = [...records];
    changed[1234] = { ...records[1234], status: 'DENIED' };
    fs.writeFileSync(file, changed.map((r) => JSON.stringify(r)).join('\n'));
    const third = await importFile(db, file, { signer });
    expect(third).toMatchObject({ appended: 0, duplicates: records.length - 1 });
    expect(third.conflicts.map((c) => c.eventId)).toEqual([records[1234].id]);

    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(records.length);
    const report = await verifyStore(db, {
      ownVerifierKey: signer.verifierKey,
      trustedKeys: [],
      outsideCheckpoints: [],
    });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    db.close();
  }, 60_000);
});
