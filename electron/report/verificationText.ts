// The report's sentence about the verification it rests on, the same in HTML, PDF and OSCAL.
import type { ReportVerification } from '../../shared/report';

export function verificationSentence(v: ReportVerification): string {
  const verdict =
    `Verification ${v.ok ? 'passed' : 'FAILED'}: ${v.eventsChecked} events checked, ${v.findings} findings, ` +
    `newest signed checkpoint covers ${v.checkpointSize ?? 0} events, ${v.unsealed} not yet sealed.`;
  if (v.performedAt === undefined) return verdict;
  const took = `${((v.durationMs ?? 0) / 1000).toFixed(1)} s`;
  return v.reused
    ? `${verdict} Full verification finished at ${v.performedAt} (${took}) for an earlier report, on this same store state: nothing was committed to the case file and the file was not written since, so it was not repeated.`
    : `${verdict} Full verification run for this report, finished at ${v.performedAt} (${took}).`;
}
