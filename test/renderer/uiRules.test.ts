import { describe, expect, it } from 'vitest';
import type { HistogramBucket, VerifyReport } from '../../shared/results';
import { actionOptions } from '../../renderer/src/filter/actionGroups';
import { bucketAt, bucketRange } from '../../renderer/src/filter/bucketRange';
import { describeCoverage, verificationCoverage } from '../../renderer/src/filter/coverage';
import { describeInterval, zoomOut } from '../../renderer/src/filter/histogramAxis';
import { plural } from '../../renderer/src/text/plural';

const bucket = (start: string, end: string): HistogramBucket => ({ start, end, SUCCESS: 0, FAILURE: 0, DENIED: 0 });
const buckets = [
  bucket('2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z'),
  bucket('2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z'),
  bucket('2026-01-01T02:00:00.000Z', '2026-01-01T03:00:00.000Z'),
];

describe('histogram drag', () => {
  it('the pointer position picks the bucket under it, clamped to the plot', () => {
    expect(bucketAt(50, 40, 300, 3)).toBe(0);
    expect(bucketAt(40 + 150, 40, 300, 3)).toBe(1);
    expect(bucketAt(1000, 40, 300, 3)).toBe(2);
    expect(bucketAt(-5, 40, 300, 3)).toBe(0);
  });

  it('a drag selects from the start of the first bucket to the end of the last, in either direction', () => {
    expect(bucketRange(buckets, 2, 1)).toEqual({ from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T03:00:00.000Z' });
    expect(bucketRange(buckets, 0, 0)).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' });
    expect(bucketRange([], 0, 1)).toBeNull();
  });
});

describe('action picker', () => {
  it('actions are grouped by category in the platform order, then by name', () => {
    const options = actionOptions([
      { action: 'USER_LOGIN', category: 'user_activity' },
      { action: 'SIGNING_OPERATION', category: 'signing' },
      { action: 'KEY_ROTATED', category: 'key_lifecycle' },
      { action: 'SIGNING_COMPLETED', category: 'signing' },
    ]);
    expect(options.map((o) => o.action)).toEqual([
      'SIGNING_COMPLETED',
      'SIGNING_OPERATION',
      'KEY_ROTATED',
      'USER_LOGIN',
    ]);
    expect(options[0].group).toBe('Signing operations');
  });

  it('an action with an unknown category falls back to the shared prefix rules', () => {
    expect(actionOptions([{ action: 'CERT_PINNED', category: '' }])[0].category).toBe('certificate');
  });
});

describe('verification coverage of an event', () => {
  const report = (over: Partial<VerifyReport>): VerifyReport => ({
    ok: true,
    verdict: 'intact',
    witness: null,
    eventsChecked: 100,
    firstBadSeq: null,
    findings: [],
    checkpoint: null,
    keyFingerprint: null,
    unsealed: 0,
    durationMs: 5,
    ...over,
  });

  it('without a verification in this session, nothing is claimed', () => {
    expect(verificationCoverage(5, null).kind).toBe('not-run');
  });

  it('an event the intact verification checked is covered', () => {
    expect(verificationCoverage(100, report({})).kind).toBe('intact');
  });

  it('an event added after the verification is not covered', () => {
    expect(verificationCoverage(101, report({})).kind).toBe('after');
  });

  it('an event at or after the first bad seq is flagged, with its own finding when there is one', () => {
    const bad = report({
      ok: false,
      firstBadSeq: 40,
      findings: [{ kind: 'MODIFIED', seq: 40, message: 'bytes changed' }],
    });
    expect(describeCoverage(verificationCoverage(40, bad))).toContain('MODIFIED: bytes changed');
    expect(verificationCoverage(60, bad).kind).toBe('finding');
    expect(verificationCoverage(39, bad).kind).toBe('intact');
  });
});

describe('histogram axis and counts in words', () => {
  it('names one bar’s interval', () => {
    expect(describeInterval(5 * 60_000)).toBe('5 minutes');
    expect(describeInterval(3_600_000)).toBe('1 hour');
    expect(describeInterval(7 * 86_400_000)).toBe('1 week');
  });

  it('zooms out to twice the range inside the case, and to no bounds at the case’s span', () => {
    const span = { first: '2026-03-02T00:00:00.000000Z', last: '2026-03-03T00:00:00.000000Z' };
    expect(zoomOut({ from: '2026-03-02T10:00:00Z', to: '2026-03-02T12:00:00Z' }, span)).toEqual({
      from: '2026-03-02T09:00:00.000Z',
      to: '2026-03-02T13:00:00.000Z',
    });
    expect(zoomOut({ from: '2026-03-02T01:00:00Z', to: '2026-03-02T23:00:00Z' }, span)).toBeNull();
  });

  it('writes counts with correct plurals and marks a lower bound', () => {
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(2, 'conflict')).toBe('2 conflicts');
    expect(plural(10_000, 'event', true)).toBe('≥ 10,000 events');
  });
});
