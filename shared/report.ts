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
  /** leaf(e) hex: SHA-256(0x00 || the event's canonical bytes). */
  leafHex: string;
  /** Its RFC 6962 inclusion proof against the newest signed checkpoint, or null (see proofNote). */
  proof: SampleProof | null;
  /** Why there is no proof (not yet sealed, or the case no longer gives its signed root). */
  proofNote?: string;
}

/** What an evidence package holds for one event (docs/integrity.md §8), embedded in the report. */
export interface SampleProof {
  /** The c2sp.org/tlog-proof@v1 text: leaf index, audit path, and the signed checkpoint note. */
  tlogProof: string;
  /** The event's canonical bytes, base64: the leaf is SHA-256(0x00 || these bytes). */
  entryBase64: string;
  checkpointSize: number;
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

/** The verification a report rests on: its verdict, and when it ran. */
export interface ReportVerification {
  ok: boolean;
  eventsChecked: number;
  findings: number;
  checkpointSize: number | null;
  unsealed: number;
  /** When the full verification finished (ISO 8601), and how long it took. */
  performedAt?: string;
  durationMs?: number;
  /** True when an earlier report's verification of this exact store state was used, not repeated. */
  reused?: boolean;
}

export interface ComplianceReport {
  framework: { id: FrameworkId; title: string; source: string };
  store: { path: string; storeId: string; origin: string; eventCount: number; verifierKey: string };
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  signtrailVersion: string;
  verification: ReportVerification;
  settings: { cryptoperiodDays: number; maxGapHours: number };
  /** The checkpoint the samples' inclusion proofs lead to, or why none could be made. */
  proofs: { checkpointSize: number | null; note: string };
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
  /** The verification the report rests on: when it finished, how long it took, whether it was reused. */
  verification?: { performedAt: string; durationMs: number; reused: boolean };
}
