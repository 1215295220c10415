// A report rests on a full verification. Made right after another report, on a case file that has
// not changed, it reuses that verification and says so with its time; one event appended, or an
// event changed by another program (triggers dropped and put back), and it verifies again.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../electron/service/service';
import type { Service } from '../../electron/service/types';
import { expectedSchema } from '../../electron/store/schema';
import { parseArgs } from '../../shared/channels';
import { generateDemoEvents } from '../../electron/demo/generate';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { buildReport, StaleVerificationError } from '../../electron/report/buildReport';
import { appendRecords } from '../helpers/store';
import { rowsIntact, verifyNow } from '../../electron/report/verification';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { checkTlogProof } from '../helpers/independentTlog';
import { noJobContext } from '../../shared/handlers';
import type { ComplianceReport, ReportFormat, ReportOutcome } from '../../shared/report';
import { FINDING_KINDS, type FindingKind, type VerifyReport } from '../../shared/results';
import { closeKnownCase, knownRecords, openKnownCase } from './knownCase';

let dir: string;
let storePath: string;
let service: Service;

beforeAll(async () => {
  // One folder for the whole file: the service keeps the store open from test to test.
  ({ dir, storePath, service } = await openKnownCase('signtrail-reuse-'));
});

afterAll(() => closeKnownCase(service, dir));

let made = 0;
async function report(framework: 'pci-dss-4' | 'nist-800-53' | 'iso-27001' | 'soc2', format: ReportFormat) {
  const out = path.join(dir, `report-${++made}.${format === 'oscal' ? 'json' : format}`);
  const outcome = await service.invoke(
    'report.run',
    parseArgs('report.run', { framework, format, path: out }),
    noJobContext(),
  );
  return { outcome, text: format === 'pdf' ? '' : fs.readFileSync(out, 'utf8') };
}

function basis(outcome: ReportOutcome) {
  if (!outcome.verification) throw new Error('the outcome names no verification');
  return outcome.verification;
}

describe('the verification a report rests on', () => {
  let first: ReportOutcome;

  it('a report verifies the store itself and says when', async () => {
    const { outcome, text } = await report('pci-dss-4', 'html');
    first = outcome;
    expect(basis(outcome).reused).toBe(false);
    expect(Date.parse(basis(outcome).performedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(text).toContain('Verification passed: 20 events checked, 0 findings');
    expect(text).toContain(`Full verification run for this report, finished at ${basis(outcome).performedAt}`);
  });

  it('the next report on the same state reuses it, naming its time', async () => {
    const { outcome, text } = await report('nist-800-53', 'oscal');
    expect(basis(outcome)).toEqual({ ...basis(first), reused: true });
    const description = JSON.parse(text)['assessment-results'].results[0].description as string;
    expect(description).toContain('Verification passed: 20 events checked, 0 findings');
    expect(description).toContain(`Full verification finished at ${basis(first).performedAt}`);
    expect(description).toContain('so it was not repeated');
  });

  it('one event appended: the report verifies again, and covers it', async () => {
    const file = path.join(dir, 'one-more.ndjson');
    const extra = { ...knownRecords()[0], id: 'known-appended', timestamp: '2025-03-01T00:00:00.000000Z' };
    fs.writeFileSync(file, JSON.stringify(extra) + '\n');
    const [summary] = await service.invoke(
      'import.files',
      parseArgs('import.files', { paths: [file] }),
      noJobContext(),
    );
    expect(summary).toMatchObject({ rejected: null, appended: 1 });

    const { outcome, text } = await report('iso-27001', 'html');
    expect(basis(outcome).reused).toBe(false);
    expect(Date.parse(basis(outcome).performedAt)).toBeGreaterThan(Date.parse(basis(first).performedAt));
    expect(text).toContain('Verification passed: 21 events checked, 0 findings');
    // And a report right after that one rests on it.
    const again = await report('soc2', 'pdf');
    expect(basis(again.outcome)).toEqual({ ...basis(outcome), reused: true });
  });

  it('an event changed by another program, triggers put back: the report verifies again and fails', async () => {
    const before = await report('pci-dss-4', 'html');
    expect(basis(before.outcome).reused).toBe(true);
    const other = new Database(storePath);
    try {
      other.exec('DROP TRIGGER events_no_update');
      other
        .prepare("UPDATE events SET canon = CAST(replace(CAST(canon AS TEXT), 'k2', 'k9') AS BLOB) WHERE seq = 3")
        .run();
      const trigger = [...expectedSchema().values()].find((o) => o.type === 'trigger' && o.name === 'events_no_update');
      if (!trigger?.sql) throw new Error('no events_no_update trigger in the expected schema');
      other.exec(trigger.sql);
    } finally {
      other.close();
    }
    const { outcome, text } = await report('pci-dss-4', 'html');
    expect(basis(outcome).reused).toBe(false);
    expect(text).toContain('Verification FAILED: 21 events checked');
  });
});

describe("the samples' proofs from the verification's block roots", () => {
  it('equal the proofs made from every stored leaf, and the independent verifier accepts them', async () => {
    const home = path.join(dir, 'home-blocks');
    const file = path.join(dir, 'demo.ndjson');
    fs.writeFileSync(file, [...generateDemoEvents({ count: 1000 })].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const blocksStore = path.join(dir, 'blocks.sqlite');
    const s = createService({ storePath: blocksStore, home });
    try {
      const [summary] = await s.invoke('import.files', parseArgs('import.files', { paths: [file] }), noJobContext());
      expect(summary).toMatchObject({ rejected: null, appended: 1000 });
    } finally {
      s.close();
    }
    const db = openStore(blocksStore);
    try {
      const verifierKey = createSigner(loadOrCreateSigningKey(home)).verifierKey;
      // Two runs on worker threads would need the built loader; one run on this thread scans the same way.
      const record = await verifyNow(db, { verifierKey, workers: 0 });
      expect(record.verify.ok).toBe(true);
      // 1,000 leaves: three whole blocks of 256 and a partial one read from the store.
      expect(record.blocks?.roots).toHaveLength(3);
      const inputs = { db, storePath: blocksStore, verifierKey, verify: record.verify };
      const fromBlocks = buildReport(
        { ...inputs, blocks: record.blocks, stamp: record.stamp },
        { framework: 'pci-dss-4' },
      );
      const fromLeaves = buildReport(inputs, { framework: 'pci-dss-4' });
      const samples = (r: ComplianceReport) => r.controls.flatMap((c) => c.checks.flatMap((k) => k.samples));
      const proven = samples(fromBlocks).filter((x) => x.proof);
      expect(proven.length).toBeGreaterThan(2);
      expect(proven.some((x) => x.seq > 256)).toBe(true);
      expect(samples(fromBlocks)).toEqual(samples(fromLeaves));
      for (const sample of proven) {
        const checked = checkTlogProof(
          sample.proof!.tlogProof,
          Buffer.from(sample.proof!.entryBase64, 'base64'),
          verifierKey,
        );
        expect(checked).toMatchObject({ index: sample.seq - 1, size: 1000 });
      }
    } finally {
      db.close();
    }
  });

  it("are used for a case signed by another installation (an auditor's case): its rows are intact", async () => {
    const db = openStore(path.join(dir, 'blocks.sqlite'));
    try {
      const signerKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home-blocks'))).verifierKey;
      const auditorKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home-auditor'))).verifierKey;
      const record = await verifyNow(db, { verifierKey: auditorKey, workers: 0 });
      expect(record.verify.ok).toBe(false);
      expect(new Set(record.verify.findings.map((f) => f.kind))).toEqual(new Set(['UNTRUSTED_KEY', 'UNSEALED_TAIL']));
      expect(record.blocks?.roots).toHaveLength(3);
      const inputs = { db, storePath: path.join(dir, 'blocks.sqlite'), verifierKey: auditorKey, verify: record.verify };
      const fromBlocks = buildReport(
        { ...inputs, blocks: record.blocks, stamp: record.stamp },
        { framework: 'pci-dss-4' },
      );
      const fromLeaves = buildReport(inputs, { framework: 'pci-dss-4' });
      const samples = (r: ComplianceReport) => r.controls.flatMap((c) => c.checks.flatMap((k) => k.samples));
      expect(samples(fromBlocks).filter((x) => x.proof).length).toBeGreaterThan(2);
      expect(samples(fromBlocks)).toEqual(samples(fromLeaves));
      for (const sample of samples(fromBlocks).filter((x) => x.proof))
        expect(
          checkTlogProof(sample.proof!.tlogProof, Buffer.from(sample.proof!.entryBase64, 'base64'), signerKey),
        ).toMatchObject({ index: sample.seq - 1, size: 1000 });
    } finally {
      db.close();
    }
  });

  it('are not kept when verification found a row changed', () => {
    const report = (kinds: FindingKind[]) =>
      ({ ok: false, findings: kinds.map((kind) => ({ kind, seq: 1, message: kind })) }) as unknown as VerifyReport;
    expect(rowsIntact(report([]))).toBe(true);
    expect(rowsIntact(report(['UNTRUSTED_KEY', 'UNSEALED_TAIL']))).toBe(true);
    for (const kind of FINDING_KINDS.filter((k) => k !== 'UNTRUSTED_KEY' && k !== 'UNSEALED_TAIL'))
      expect(rowsIntact(report(['UNTRUSTED_KEY', kind])), kind).toBe(false);
  });

  it('a block root that does not match the stored leaves gives no proof, only a note', async () => {
    const db = openStore(path.join(dir, 'blocks.sqlite'));
    try {
      const verifierKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home-blocks'))).verifierKey;
      const record = await verifyNow(db, { verifierKey, workers: 0 });
      const roots = [...record.blocks!.roots];
      roots[1] = Buffer.alloc(32, 7);
      const r = buildReport(
        { db, storePath: 'x', verifierKey, verify: record.verify, blocks: { level: record.blocks!.level, roots } },
        { framework: 'soc2' },
      );
      const samples = r.controls.flatMap((c) => c.checks.flatMap((k) => k.samples));
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.every((x) => x.proof === null && /no longer give the root/.test(x.proofNote ?? ''))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('a report whose snapshot is not the verified state is refused, so the handler verifies again', async () => {
    const db = openStore(path.join(dir, 'blocks.sqlite'));
    try {
      const verifierKey = createSigner(loadOrCreateSigningKey(path.join(dir, 'home-blocks'))).verifierKey;
      const record = await verifyNow(db, { verifierKey, workers: 0 });
      const other = openStore(path.join(dir, 'blocks.sqlite'));
      try {
        appendRecords(other, [{ ...knownRecords()[1], id: 'after-the-verification' }]);
      } finally {
        other.close();
      }
      expect(() =>
        buildReport(
          { db, storePath: 'x', verifierKey, verify: record.verify, blocks: record.blocks, stamp: record.stamp },
          { framework: 'soc2' },
        ),
      ).toThrow(StaleVerificationError);
    } finally {
      db.close();
    }
  });
});
