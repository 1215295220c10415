// A case file is hostile input, and so is what it says about itself: the store ID in its meta
// table is written into the OSCAL document's props, whose values the OSCAL schema restricts to
// one line without leading or trailing space. A store ID with a line break, or one that is only
// spaces, must not make SignTrail write an OSCAL document that NIST's schema refuses.
import Ajv from 'ajv';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { buildReport } from '../../electron/report/buildReport';
import { renderOscal } from '../../electron/report/oscal';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { tempDir } from '../helpers/tmp';
import { writeKnownCase } from './knownCase';

const SCHEMA = '/work/shared/reference/oscal/oscal_assessment-results_schema.json';

describe.skipIf(!fs.existsSync(SCHEMA))('OSCAL from a hostile case file', () => {
  it.each(['case\nSTORE-ID: forged', '   ', ' padded ', 'tab\there'])(
    'a store ID of %j still gives a document NIST’s schema accepts',
    async (storeId) => {
      const dir = tempDir();
      const home = path.join(dir, 'home');
      const storePath = path.join(dir, 'case.sqlite');
      const db = openStore(storePath);
      try {
        await importFile(db, writeKnownCase(dir), { signer: createSigner(loadOrCreateSigningKey(home)) });
      } finally {
        db.close();
      }
      const raw = new Database(storePath);
      raw.prepare("UPDATE meta SET value = ? WHERE key = 'store_id'").run(storeId);
      raw.close();
      const read = openStore(storePath);
      let oscal: string;
      try {
        const verifierKey = createSigner(loadOrCreateSigningKey(home)).verifierKey;
        const verify = await verifyStore(read, {
          ownVerifierKey: verifierKey,
          trustedKeys: [],
          outsideCheckpoints: [],
        });
        oscal = renderOscal(buildReport({ db: read, storePath, verifierKey, verify }, { framework: 'pci-dss-4' }));
      } finally {
        read.close();
      }
      const ajv = new Ajv({ allErrors: true, strict: true });
      ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
      ajv.addFormat('uri', /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/);
      ajv.addFormat('uri-reference', /^[^\s]*$/);
      ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
      const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
      const ok = validate(JSON.parse(oscal));
      expect(ok, JSON.stringify(validate.errors?.slice(0, 2))).toBe(true);
    },
  );
});
