// The report's aggregates (index seeks and one shared pass, electron/store/reportQueries.ts)
// against an independent count: every event read back in the test and counted here in plain
// code, on the demo case and on a crafted case with silences of every length, some in the period
// edges, equal timestamps and signings with and without an origin.
import fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoEvents } from '../../electron/demo/generate';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { buildReport } from '../../electron/report/buildReport';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore, type Db } from '../../electron/store/db';
import type { AuditRecord } from '../../shared/event';
import type { CheckResult, ComplianceReport, FrameworkId } from '../../shared/report';
import type { VerifyReport } from '../../shared/results';

interface Row {
  seq: number;
  ts: string;
  event_id: string;
  actor_id: string;
  action: string;
  status: string;
  entity_id: string;
  entity_type: string;
  category: string;
  request_id: string | null;
  key_id: string | null;
  canon: Buffer;
}

const dir = mkdtempSync(path.join(tmpdir(), 'signtrail-reportq-'));
const home = path.join(dir, 'home');

async function storeOf(name: string, records: Iterable<AuditRecord>): Promise<string> {
  const file = path.join(dir, `${name}.ndjson`);
  const lines: string[] = [];
  for (const r of records) lines.push(JSON.stringify(r));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const storePath = path.join(dir, `${name}.sqlite`);
  const db = openStore(storePath);
  try {
    const summary = await importFile(db, file, { signer: createSigner(loadOrCreateSigningKey(home)) });
    expect(summary.rejected).toBeNull();
  } finally {
    db.close();
  }
  return storePath;
}

/** Silences from seconds to months, equal times, signings with and without an origin. */
function* craftedRecords(): Iterable<AuditRecord> {
  let t = Date.UTC(2025, 5, 1);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const silences = [3, 3600, 0, 86_400 + 1, 86_400, 3 * 86_400, 40 * 86_400, 12 * 3600, 0.000001, 25 * 3600];
  for (let i = 0; i < 1500; i++) {
    const gap = i % 37 === 0 ? silences[(i / 37) % silences.length] : rand() * 600;
    t += Math.round(gap * 1000);
    const micros = String(Math.floor(rand() * 1000)).padStart(3, '0');
    const signing = i % 5 === 0;
    yield {
      id: `c-${i}`,
      timestamp: new Date(t).toISOString().replace('Z', `${micros}Z`),
      actor: { id: `user${i % 7}@example.com`, type: 'user' },
      action: signing ? 'SIGNING_OPERATION' : i % 11 === 0 ? 'KEY_ROTATED' : 'USER_LOGIN',
      entity: { type: 'Key', id: `k${i % 3}` },
      status: i % 13 === 0 ? 'DENIED' : 'SUCCESS',
      details: signing ? (i % 2 ? { keyId: `k${i % 3}`, agent: 'agent-1' } : { keyId: `k${i % 3}` }) : {},
    } as AuditRecord;
  }
}

const VERIFY: VerifyReport = { ok: true, eventsChecked: 0, findings: [], unsealed: 0, checkpoint: null } as never;

function rows(db: Db, from: string, to: string): Row[] {
  // The time as the stored bytes say it (the ts column holds an integer since migration 0006).
  return (db.prepare('SELECT * FROM events ORDER BY seq').all() as (Row & { canon: Buffer })[])
    .map((r) => ({ ...r, ts: (JSON.parse(r.canon.toString('utf8')) as { timestamp: string }).timestamp }))
    .filter((r) => r.ts >= from && r.ts <= to);
}

function micros(ts: string): number {
  return Date.parse(ts.slice(0, 19) + 'Z') * 1000 + Number(ts.slice(20, 26));
}

function check(r: ComplianceReport, id: string): CheckResult {
  const found = r.controls.flatMap((c) => c.checks).find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

function fig(c: CheckResult, label: string): number | string | undefined {
  return c.figures.find((f) => f.label === label)?.value;
}

const pct = (n: number, of: number) => (of === 0 ? 'n/a' : `${n} of ${of} (${((100 * n) / of).toFixed(2)} %)`);

function expectMatchesIndependentCount(
  storePath: string,
  opts: { from?: string; to?: string; maxGapHours: number },
): ComplianceReport {
  const db = openStore(storePath);
  try {
    const framework: FrameworkId = 'pci-dss-4';
    const report = buildReport({ db, storePath, verifierKey: 'k', verify: VERIFY }, { framework, ...opts });
    const all = rows(db, report.period.from, report.period.to);

    // Silences, counted over the events sorted by time then seq.
    const sorted = [...all].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
    const gaps: { after: number; before: number; s: number }[] = [];
    for (let i = 1; i < sorted.length; i++) {
      const s = (micros(sorted[i].ts) - micros(sorted[i - 1].ts)) / 1e6;
      if (s >= opts.maxGapHours * 3600) gaps.push({ before: sorted[i - 1].seq, after: sorted[i].seq, s });
    }
    gaps.sort((a, b) => b.s - a.s);
    const continuity = check(report, 'logging-continuity');
    expect(fig(continuity, `silences longer than ${opts.maxGapHours} h`)).toBe(gaps.length);
    const listed = continuity.figures.filter((f) => f.label.startsWith('silence after seq '));
    expect(listed.map((f) => f.label)).toEqual(gaps.slice(0, 5).map((g) => `silence after seq ${g.before}`));
    expect(listed.map((f) => String(f.value).split(' h')[0])).toEqual(
      gaps.slice(0, 5).map((g) => (g.s / 3600).toFixed(1)),
    );

    // Field completeness.
    const fields = check(report, 'field-completeness');
    const total = all.length;
    const count = (p: (r: Row) => boolean) => all.filter(p).length;
    expect(fig(fields, 'actor')).toBe(
      pct(
        count((r) => r.actor_id !== ''),
        total,
      ),
    );
    expect(fig(fields, 'event_id')).toBe(
      pct(
        count((r) => r.event_id !== ''),
        total,
      ),
    );
    expect(fig(fields, 'entity')).toBe(
      pct(
        count((r) => r.entity_id !== '' && r.entity_type !== ''),
        total,
      ),
    );
    const ops = all.filter((r) => r.action === 'SIGNING_OPERATION');
    const origin = ops.filter((r) => {
      const d = (JSON.parse(r.canon.toString('utf8')) as { details?: Record<string, unknown> }).details ?? {};
      return d.agent != null || d.sourceIp != null || d.host != null;
    });
    expect(fig(fields, 'signing operations with an origin')).toBe(pct(origin.length, ops.length));
    expect(fig(fields, 'signing operations with a key ID')).toBe(
      pct(ops.filter((r) => r.key_id !== null).length, ops.length),
    );
    const signing = all.filter((r) => r.category === 'signing');
    expect(fig(fields, 'signing events with a request ID')).toBe(
      pct(signing.filter((r) => r.request_id !== null).length, signing.length),
    );

    // Retention: events per month of the last 12.
    const retention = check(report, 'retention');
    for (const f of retention.figures.filter((x) => /^\d{4}-\d{2}$/.test(x.label)))
      expect(f.value, f.label).toBe(all.filter((r) => r.ts.startsWith(f.label)).length);

    // Signing with a retired key (first successful retirement of each key, then later successful signings).
    const retiredAt = new Map<string, string>();
    for (const r of rows(db, '', '~')
      .filter(
        (e) =>
          ['KEY_REVOKED', 'KEY_DEACTIVATED', 'KEY_DESTROYED', 'KEY_ROTATED'].includes(e.action) &&
          e.status === 'SUCCESS',
      )
      .sort((a, b) => (a.ts < b.ts ? -1 : 1)))
      if (!retiredAt.has(r.entity_id)) retiredAt.set(r.entity_id, r.ts);
    const retiredUse = all.filter(
      (r) =>
        r.action === 'SIGNING_OPERATION' &&
        r.status === 'SUCCESS' &&
        r.key_id !== null &&
        retiredAt.has(r.key_id) &&
        r.ts > retiredAt.get(r.key_id)!,
    );
    expect(fig(check(report, 'retired-key-use'), 'signings with a retired key')).toBe(retiredUse.length);
    return report;
  } finally {
    db.close();
  }
}

let demo: string;
let crafted: string;

beforeAll(async () => {
  demo = await storeOf('demo', generateDemoEvents({ count: 4000 }));
  crafted = await storeOf('crafted', craftedRecords());
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('report aggregates equal an independent count', () => {
  it('on the demo case, whole and in a period', () => {
    expectMatchesIndependentCount(demo, { maxGapHours: 24 });
    expectMatchesIndependentCount(demo, { maxGapHours: 0.1 });
    expectMatchesIndependentCount(demo, {
      maxGapHours: 0.05,
      from: '2026-03-02T09:00:00Z',
      to: '2026-03-03T18:30:00Z',
    });
  });

  it('on a crafted case with silences of every length', () => {
    const r = expectMatchesIndependentCount(crafted, { maxGapHours: 24 });
    // More than the five listed: the count is every silence, not the list's length.
    expect(Number(fig(check(r, 'logging-continuity'), 'silences longer than 24 h'))).toBeGreaterThan(5);
    for (const maxGapHours of [1, 12, 25, 24 * 30, 24 * 400]) expectMatchesIndependentCount(crafted, { maxGapHours });
    expectMatchesIndependentCount(crafted, {
      maxGapHours: 1,
      from: '2025-06-05T00:00:00Z',
      to: '2025-08-01T00:00:00Z',
    });
  });

  it('a limit too small to walk falls back to reading every time, with the same figures', () => {
    expectMatchesIndependentCount(crafted, { maxGapHours: 1e-12 });
  });
});
