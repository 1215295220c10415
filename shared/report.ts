// A compliance report as every door returns it (docs/compliance.md). Pure data: no Node, no DOM.
export const FRAMEWORKS = ['pci-dss-4', 'nist-800-53', 'iso-27001', 'soc2'] as const;
export type FrameworkId = (typeof FRAMEWORKS)[number];

export const REPORT_FORMATS = ['html', 'pdf', 'oscal'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type Verdict = 'satisfied' | 'attention' | 'not evidenced by this trail';

export interface SampleEvent {
  seq: number;
  eventId: string;
  timestamp: string;
  action: string;
  actorId: string;
  status: string;
  /** leaf(e) hex: with seq, what ties the sample to the verified Merkle tree until inclusion proofs land. */
  leafHex: string;
}

export interface Figure {
  label: string;
  value: number | string;
}

export interface CheckResult {
  id: string;
  title: string;
  /** What was checked and how, in a sentence. */
  how: string;
  /** The SQL run, parameters written in: re-runnable with the sqlite3 shell on the case file. */
  queries: string[];
  figures: Figure[];
  verdict: Verdict;
  /** Why this verdict, in a sentence. */
  reason: string;
  samples: SampleEvent[];
}

export interface ControlResult {
  id: string;
  oscalId: string;
  title: string;
  verdict: Verdict;
  checks: CheckResult[];
}

export interface ComplianceReport {
  framework: { id: FrameworkId; title: string; source: string };
  store: { path: string; storeId: string; origin: string; eventCount: number; verifierKey: string };
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  signtrailVersion: string;
  verification: {
    ok: boolean;
    eventsChecked: number;
    findings: number;
    checkpointSize: number | null;
    unsealed: number;
  };
  settings: { cryptoperiodDays: number; maxGapHours: number };
  controls: ControlResult[];
}

export interface ReportOutcome {
  file: string;
  format: ReportFormat;
  sha256: string;
  bytes: number;
  controls: number;
  verdicts: Record<Verdict, number>;
  durationMs: number;
}
