// Running the real `signtrail` command line in-process for the journal and evidence tests.
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

export { cli, type Run } from '../helpers/cli';

export const CSV = `Timestamp,Actor,Action,Entity,Status,Details
2026-03-02T09:00:00Z,alice@example.com,KEY_GENERATED,Key:key-42,Success,"{""algorithm"":""RSA-3072""}"
2026-03-02T09:05:00Z,svc-ci-build,SIGNING_OPERATION,Key:key-42,Denied,requestId=req-7f3a; artifact=release/app.msi
2026-03-02T09:06:00Z,bob@example.com,SIGNING_OPERATION,Key:key-42,Success,requestId=req-8000
2026-03-02T09:07:00Z,mallory@example.com,KEY_EXPORTED,Key:key-42,Success,requestId=req-8001
2026-03-02T09:08:00Z,bob@example.com,SIGNING_OPERATION,Key:key-43,Failure,requestId=req-8002
`;

/** A case imported from CSV with SIGNTRAIL_HOME set to a fresh home; returns its paths. */
export async function importedCase(): Promise<{ dir: string; home: string; store: string }> {
  const dir = tempDir();
  const home = path.join(dir, 'home');
  process.env.SIGNTRAIL_HOME = home;
  process.env.SIGNTRAIL_ANALYST = 'Ada Investigator';
  const store = path.join(dir, 'case.sqlite');
  const csv = path.join(dir, 'events.csv');
  fs.writeFileSync(csv, CSV);
  const run = await cli('import', '--store', store, csv);
  if (run.code !== 0) throw new Error(run.err);
  return { dir, home, store };
}
