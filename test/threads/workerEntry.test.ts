import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { workerEntry } from '../../electron/threads/workerEntry';
import { tempDir } from '../helpers/tmp';

// A caller inside the sources: csv-workers.ts, whose worker is csvWorker.ts beside it.
const caller = pathToFileURL(path.resolve('electron/export/csv-workers.ts')).href;

describe('workerEntry from the sources', () => {
  const saved = process.env.SIGNTRAIL_WORKER_BUNDLES;
  afterEach(() => {
    if (saved === undefined) delete process.env.SIGNTRAIL_WORKER_BUNDLES;
    else process.env.SIGNTRAIL_WORKER_BUNDLES = saved;
  });

  it('starts the TypeScript source through tsx when no bundle folder is named', () => {
    delete process.env.SIGNTRAIL_WORKER_BUNDLES;
    const entry = workerEntry(caller, 'csvWorker');
    expect(entry?.eval).toBe(true);
    expect(String(entry?.script)).toContain('csvWorker.ts');
  });

  it('starts the bundle of SIGNTRAIL_WORKER_BUNDLES when it holds that worker, else still the source', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'csvWorker.js'), '');
    process.env.SIGNTRAIL_WORKER_BUNDLES = dir;
    expect(workerEntry(caller, 'csvWorker')).toEqual({
      script: pathToFileURL(path.join(dir, 'csvWorker.js')),
      eval: false,
    });
    // No verifyWorker.js there: the source through tsx, as without the folder.
    const verifyCaller = pathToFileURL(path.resolve('electron/integrity/runScans.ts')).href;
    expect(workerEntry(verifyCaller, 'verifyWorker')?.eval).toBe(true);
  });
});
