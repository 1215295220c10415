// The compliance report on a case with known counts: each control's figures and verdicts, the
// three output formats (OSCAL validated against NIST's 1.0.4 schema, the PDF read back with
// pdftotext, the HTML with hostile event values that must stay text).
import Ajv from 'ajv';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { buildReport } from '../../electron/report/buildReport';
import { loadFramework } from '../../electron/report/frameworks';
import { createService } from '../../electron/service/service';
import { noJobContext } from '../../shared/handlers';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { parseArgs } from '../../shared/channels';
import { FRAMEWORKS, REPORT_FORMATS, type CheckResult, type ComplianceReport } from '../../shared/report';
import { HOSTILE, writeKnownCase } from './knownCase';
import { checkTlogProof } from '../helpers/independentTlog';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SCHEMA = '/work/shared/reference/oscal/oscal_assessment-results_schema.json';
const schemaPath = fs.existsSync(SCHEMA)
  ? SCHEMA
  : path.resolve(__dirname, '../../../shared/reference/oscal/oscal_assessment-results_schema.json');

let dir: string;
let storePath: string;
let home: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'signtrail-report-'));
  home = path.join(dir, 'home');
  storePath = path.join(dir, 'case.sqlite');
  const db = openStore(storePath);
  try {
    const summary = await importFile(db, writeKnownCase(dir), { signer: createSigner(loadOrCreateSigningKey(home)) });
    expect(summary).toMatchObject({ rejected: null, appended: 20 });
  } finally {
    db.close();
  }
});

async function report(framework: (typeof FRAMEWORKS)[number], opts: { from?: string; to?: string } = {}) {
  const db = openStore(storePath);
  try {
    const verifierKey = createSigner(loadOrCreateSigningKey(home)).verifierKey;
    const verify = await verifyStore(db, { ownVerifierKey: verifierKey, trustedKeys: [], outsideCheckpoints: [] });
    return buildReport({ db, storePath, verifierKey, verify }, { framework, ...opts });
  } finally {
    db.close();
  }
}

function check(r: ComplianceReport, id: string): CheckResult {
  const found = r.controls.flatMap((c) => c.checks).find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

function fig(c: CheckResult, label: string): number | string {
  const f = c.figures.find((x) => x.label === label);
  if (!f) throw new Error(`no figure "${label}" in ${c.id}: ${c.figures.map((x) => x.label).join(', ')}`);
  return f.value;
}

describe('PCI DSS v4.0 on the known case', () => {
  it('computes every control from the store', async () => {
    const r = await report('pci-dss-4');
    expect(r.verification).toMatchObject({ ok: true, eventsChecked: 20, findings: 0, checkpointSize: 20, unsealed: 0 });
    expect(Object.fromEntries(r.controls.map((c) => [c.id, c.verdict]))).toEqual({
      '10.2.1.2': 'satisfied',
      '10.2.1.4': 'satisfied',
      '10.2.1.5': 'satisfied',
      '10.2.1.6': 'attention',
      '10.2.2': 'attention',
      '10.3.2': 'satisfied',
      '10.3.4': 'satisfied',
      '10.5.1': 'attention',
      '3.7.4': 'attention',
      '3.7.5': 'attention',
      '3.7.6': 'attention',
    });
    const admin = check(r, 'admin-actions');
    expect(fig(admin, 'administrative actions')).toBe(7);
    expect(fig(admin, 'KEY_GENERATED')).toBe(3);
    const invalid = check(r, 'invalid-access');
    expect([fig(invalid, 'FAILURE or DENIED events'), fig(invalid, 'FAILURE'), fig(invalid, 'DENIED')]).toEqual([
      5, 3, 2,
    ]);
    expect(fig(invalid, 'failed logins')).toBe(2);
    expect(fig(invalid, 'policy denials (policy and signing DENIED)')).toBe(2);
    expect(invalid.samples.map((s) => s.seq)).toEqual([5, 6, 12]);
    expect(invalid.samples[0].leafHex).toMatch(/^[0-9a-f]{64}$/);
    expect(fig(check(r, 'credential-changes'), 'credential and key changes')).toBe(7);
    const cont = check(r, 'logging-continuity');
    expect([fig(cont, 'SYSTEM_STARTED'), fig(cont, 'SYSTEM_STOPPED'), fig(cont, 'missing seq numbers')]).toEqual([
      1, 1, 0,
    ]);
    expect(fig(cont, 'silences longer than 24 h')).toBe(5);
    expect(String(fig(cont, 'silence after seq 16'))).toMatch(/^4\d\d\.\d h/); // day 11 → day 30
    const fields = check(r, 'field-completeness');
    expect(fig(fields, 'actor')).toBe('20 of 20 (100.00 %)');
    expect(fig(fields, 'signing events with a request ID')).toBe('6 of 6 (100.00 %)');
    expect(fig(fields, 'signing operations with an origin')).toBe('2 of 3 (66.67 %)');
    expect(fig(check(r, 'integrity'), 'signed checkpoints')).toBe(1);
    const retention = check(r, 'retention');
    expect(fig(retention, 'months of the last 12 with events')).toBe('1 of 12');
    expect(fig(retention, 'months of the last 3 with events')).toBe('1 of 3');
    const crypto = check(r, 'cryptoperiod');
    expect([
      fig(crypto, 'keys with a known creation'),
      fig(crypto, 'keys rotated'),
      fig(crypto, 'keys over the limit'),
    ]).toEqual([3, 2, 1]);
    expect(fig(crypto, 'over: k1')).toBe('400.0 days');
    const retired = check(r, 'retired-key-use');
    expect(fig(retired, 'signings with a retired key')).toBe(1);
    expect(retired.samples.map((s) => s.seq)).toEqual([16]);
    const self = check(r, 'self-approval');
    expect([fig(self, 'approval decisions'), fig(self, 'self-approvals')]).toEqual([2, 1]);
    expect(self.samples.map((s) => s.seq)).toEqual([8]);
    for (const c of r.controls.flatMap((x) => x.checks))
      if (c.id !== 'integrity') expect(c.queries.length, c.id).toBeGreaterThan(0);
  });

  it('takes a cryptoperiod limit and a period', async () => {
    const db = openStore(storePath);
    try {
      const verifierKey = createSigner(loadOrCreateSigningKey(home)).verifierKey;
      const verify = await verifyStore(db, { ownVerifierKey: verifierKey, trustedKeys: [], outsideCheckpoints: [] });
      const r = buildReport(
        { db, storePath, verifierKey, verify },
        { framework: 'pci-dss-4', cryptoperiodDays: 20, from: '2025-01-14T00:00:00Z', to: '2025-01-25T00:00:00Z' },
      );
      expect(fig(check(r, 'cryptoperiod'), 'keys over the limit')).toBe(0); // k1 and k2 end outside the period; k3 lived 10 days
      expect(fig(check(r, 'invalid-access'), 'FAILURE or DENIED events')).toBe(5);
      expect(fig(check(r, 'admin-actions'), 'administrative actions')).toBe(3); // the three KEY_GENERATED
      expect(r.period).toEqual({ from: '2025-01-14T00:00:00.000000Z', to: '2025-01-25T00:00:00.000000Z' });
    } finally {
      db.close();
    }
  });
});

describe('NIST, ISO and SOC 2 on the known case', () => {
  it('computes their controls', async () => {
    const nist = await report('nist-800-53');
    expect(Object.fromEntries(nist.controls.map((c) => [c.id, c.verdict]))).toEqual({
      'AU-2': 'attention',
      'AU-3': 'attention',
      'AU-6': 'not evidenced by this trail',
      'AU-9': 'satisfied',
      'AU-9(3)': 'satisfied',
      'AU-10': 'attention',
      'AU-11': 'attention',
      'SC-12': 'attention',
      'SC-13': 'attention',
    });
    expect(fig(check(nist, 'audit-events'), 'categories present (of 7)')).toBe(5);
    const algos = check(nist, 'algorithm-inventory');
    expect([fig(algos, 'distinct combinations'), fig(algos, 'weak combinations')]).toEqual([5, 2]);
    expect(fig(algos, 'RSA 1024')).toBe(1);
    expect(fig(check(nist, 'key-lifecycle'), 'key and certificate lifecycle events')).toBe(6);
    const iso = await report('iso-27001');
    expect(iso.controls.map((c) => [c.id, c.verdict])).toEqual([
      ['A.8.15', 'attention'],
      ['A.8.24', 'attention'],
    ]);
    const soc = await report('soc2');
    const det = check(soc, 'detections');
    expect([
      fig(det, 'signings with a retired key'),
      fig(det, 'self-approvals'),
      fig(det, 'denial bursts (≥ 5 in an hour)'),
    ]).toEqual([1, 1, 0]);
    expect(soc.controls[0].verdict).toBe('attention');
  });
});

describe('report files through the service', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // The schema's formats, checked the way ajv-formats would (it is not installed here).
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  ajv.addFormat('uri', /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

  it.each(FRAMEWORKS)('%s: writes HTML, PDF and OSCAL; the OSCAL validates against OSCAL 1.0.4', async (framework) => {
    const service = createService({ storePath, home });
    try {
      for (const format of REPORT_FORMATS) {
        const out = path.join(dir, `${framework}.${format}`);
        const outcome = await service.invoke(
          'report.run',
          parseArgs('report.run', { framework, format, path: out }),
          noJobContext(),
        );
        expect(outcome).toMatchObject({ format, file: out });
        expect(fs.statSync(out).size).toBe(outcome.bytes);
        expect(fs.existsSync(out + '.partial')).toBe(false);
      }
    } finally {
      service.close();
    }
    const doc = JSON.parse(fs.readFileSync(path.join(dir, `${framework}.oscal`), 'utf8'));
    const ok = validate(doc);
    expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const result = doc['assessment-results'].results[0];
    const checks = (await report(framework)).controls.flatMap((c) => c.checks);
    expect(result.observations).toHaveLength(checks.length);
    expect(result.findings?.length ?? 0).toBe(checks.filter((c) => c.verdict === 'attention').length);
    expect(result.observations[0].description).toContain('Figures: ');
  });

  it('PCI DSS PDF text carries the verdict, controls and figures (pdftotext)', () => {
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'pci-dss-4.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Verification passed: 20 events checked, 0 findings');
    for (const { id, title } of loadFramework('pci-dss-4').controls) {
      expect(text).toContain(id);
      expect(text).toContain(title.slice(0, 30));
    }
    expect(text).toMatch(/FAILURE or DENIED events: 5/);
    expect(text).toMatch(/self-approvals: 1/);
    expect(text).toMatch(/over: k1: 400\.0 days/);
    expect(text).toMatch(/leaf [0-9a-f]{64}/);
  });

  it('HTML is self-contained and event values cannot become markup', () => {
    const html = fs.readFileSync(path.join(dir, 'pci-dss-4.html'), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed|svg|base|form)\b|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    // The hostile entity is in a sample of 10.2.1.4: it is there, escaped.
    expect(html).toContain(
      '&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#62;&#60;img src=x onerror=alert(2)&#62;&#38;amp;&#39;',
    );
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('Verification passed');
  });
});

describe('sample events carry inclusion proofs', () => {
  const verifierKey = () => createSigner(loadOrCreateSigningKey(home)).verifierKey;
  const origin = () => {
    const db = openStore(storePath);
    try {
      return db.prepare("SELECT value FROM meta WHERE key = 'origin'").pluck().get() as string;
    } finally {
      db.close();
    }
  };

  /** Checked by the independent verifier (test/helpers/independentTlog.ts), which shares no code with SignTrail. */
  function expectProven(seq: number, proofText: string, entry: Buffer): void {
    const checked = checkTlogProof(proofText, entry, verifierKey(), origin());
    expect(checked.index).toBe(seq - 1);
    expect(checked.size).toBe(20);
  }

  it('in the report: each sample, its proof against the newest checkpoint, with its bytes', async () => {
    const r = await report('pci-dss-4');
    expect(r.proofs.checkpointSize).toBe(20);
    const samples = r.controls.flatMap((c) => c.checks.flatMap((k) => k.samples));
    expect(samples.length).toBeGreaterThan(5);
    for (const s of samples) {
      expect(s.proof, `seq ${s.seq}`).not.toBeNull();
      const entry = Buffer.from(s.proof!.entryBase64, 'base64');
      expect(
        createHash('sha256')
          .update(Buffer.from([0]))
          .update(entry)
          .digest('hex'),
      ).toBe(s.leafHex);
      expectProven(s.seq, s.proof!.tlogProof, entry);
    }
    // A proof for another event's bytes fails.
    const [a, b] = samples.filter((s, i, all) => all.findIndex((x) => x.seq === s.seq) === i);
    expect(() =>
      checkTlogProof(a.proof!.tlogProof, Buffer.from(b.proof!.entryBase64, 'base64'), verifierKey()),
    ).toThrow();
  });

  it('in the HTML file as data, in the OSCAL back-matter, and in the PDF as text', () => {
    const html = fs.readFileSync(path.join(dir, 'pci-dss-4.html'), 'utf8');
    const unescape = (t: string) => t.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    const proofs = [
      ...html.matchAll(
        /<pre class="tlog-proof" data-seq="(\d+)">([^<]*)<\/pre>\s*<pre class="entry" data-seq="\1" data-encoding="base64">([^<]*)<\/pre>/g,
      ),
    ];
    expect(proofs.length).toBeGreaterThan(5);
    for (const [, seq, proof, entry] of proofs)
      expectProven(Number(seq), unescape(proof), Buffer.from(unescape(entry), 'base64'));

    const oscal = JSON.parse(fs.readFileSync(path.join(dir, 'pci-dss-4.oscal'), 'utf8'))['assessment-results'];
    const resources = new Map<string, { base64: { value: string } }>(
      oscal['back-matter'].resources.map((x: { uuid: string }) => [`#${x.uuid}`, x]),
    );
    let checked = 0;
    for (const obs of oscal.results[0].observations)
      for (const ev of obs['relevant-evidence'] ?? []) {
        const seq = Number(ev.props.find((p: { name: string }) => p.name === 'seq').value);
        const [proofLink, entryLink] = ev.links as { href: string }[];
        const bytes = (href: string) => Buffer.from(resources.get(href)!.base64.value, 'base64');
        expectProven(seq, bytes(proofLink.href).toString('utf8'), bytes(entryLink.href));
        checked++;
      }
    expect(checked).toBeGreaterThan(5);

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'pci-dss-4.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('c2sp.org/tlog-proof@v1');
    expect(text).toMatch(/inclusion proof \(checkpoint size 20\)/);
    expect(text).toMatch(/event bytes \(base64\): /);
  });
});
