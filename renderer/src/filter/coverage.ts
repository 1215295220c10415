// What the last verification and the newest checkpoint say about one event.
import type { VerifyReport } from '../../../shared/results';

export type Coverage =
  | { kind: 'not-run' }
  | { kind: 'intact'; eventsChecked: number }
  | { kind: 'after'; eventsChecked: number }
  | { kind: 'finding'; firstBadSeq: number; message: string };

export function verificationCoverage(seq: number, report: VerifyReport | null): Coverage {
  if (!report) return { kind: 'not-run' };
  const own = report.findings.find((f) => f.seq === seq);
  if (own) return { kind: 'finding', firstBadSeq: seq, message: `${own.kind}: ${own.message}` };
  if (report.firstBadSeq !== null && seq >= report.firstBadSeq) {
    return {
      kind: 'finding',
      firstBadSeq: report.firstBadSeq,
      message: `The chain is broken from seq ${report.firstBadSeq}, at or before this event.`,
    };
  }
  if (seq > report.eventsChecked) return { kind: 'after', eventsChecked: report.eventsChecked };
  return { kind: 'intact', eventsChecked: report.eventsChecked };
}

export function describeCoverage(c: Coverage): string {
  switch (c.kind) {
    case 'not-run':
      return 'Not verified in this session. Run Verify to check it.';
    case 'intact':
      return `Covered by the last verification (${c.eventsChecked.toLocaleString('en')} events checked): intact.`;
    case 'after':
      return `Added after the last verification, which checked ${c.eventsChecked.toLocaleString('en')} events. Run Verify again.`;
    case 'finding':
      return `The last verification found a problem: ${c.message}`;
  }
}
