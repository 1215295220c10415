// A report checks that the verification it rests on is of its own read snapshot. Reused, the whole
// stamp was compared before the report began, but inside the snapshot only its SQLite part: bytes
// written into the case file by another program in between (no commit, so data_version, schema
// and seqs unchanged) went unseen, and the report said the file "was not written since" the
// verification it reused. On a case larger than the page cache the report's figures are then
// read from those bytes. The edit here lands exactly in that gap: when the report announces it is
// computing the controls.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../electron/service/types';
import { parseArgs } from '../../shared/channels';
import { noJobContext, type JobContext } from '../../shared/handlers';
import type { ReportOutcome } from '../../shared/report';
import { closeKnownCase, openKnownCase } from './knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  ({ dir, storePath, service } = await openKnownCase('signtrail-editgap-'));
  // Everything into the main file, so the edit below lands in the pages SQLite reads from it.
  const other = new Database(storePath);
  other.pragma('wal_checkpoint(TRUNCATE)');
  other.close();
});

afterAll(() => closeKnownCase(service, dir));

async function report(ctx: JobContext): Promise<{ outcome: ReportOutcome; text: string }> {
  const out = path.join(dir, `report-${Date.now()}-${Math.random()}.html`);
  const outcome = await service.invoke(
    'report.run',
    parseArgs('report.run', { framework: 'pci-dss-4', format: 'html', path: out }),
    ctx,
  );
  return { outcome, text: fs.readFileSync(out, 'utf8') };
}

/** The weak 1024-bit key becomes a 4096-bit one in the case file, in place. */
function editFile(): number {
  const bytes = fs.readFileSync(storePath);
  const from = Buffer.from('"keySize":1024');
  let count = 0;
  for (let i = bytes.indexOf(from); i >= 0; i = bytes.indexOf(from, i + 1), count++) bytes.write('"keySize":4096', i);
  const fd = fs.openSync(storePath, 'r+');
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

describe('a report reusing a verification, the file written just before its snapshot', () => {
  it('verifies again and sees the edit', async () => {
    const first = await report(noJobContext());
    expect(first.outcome.verification?.reused).toBe(false);
    expect(first.text).toContain('Verification passed');

    let edited = 0;
    const ctx: JobContext = {
      signal: new AbortController().signal,
      progress: (label) => {
        // The reused verification was accepted; the report's snapshot is not open yet.
        if (!edited && label.startsWith('Computing the controls (the case is as verified')) edited = editFile();
      },
    };
    const second = await report(ctx);
    expect(edited).toBeGreaterThan(0);
    expect(second.outcome.verification?.reused).toBe(false);
    expect(second.text).not.toContain('Verification passed');
    expect(second.text).toContain('Verification FAILED');
  });
});
