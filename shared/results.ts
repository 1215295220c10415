// Result shapes of the service operations, shared by every door.
import type { EventRow } from './event';
import type { ValueField } from './filter';

/** The most frequent values of one field for a filter, counted by the store. */
export interface TopValues {
  field: ValueField;
  values: { value: string; count: number }[];
  /** True when the field has more values than were returned. */
  more: boolean;
  /**
   * Set when the filter matched more events than the facets count: the counts are those of the
   * newest `sampled` matches (by time), not of every match.
   */
  sampled?: number;
}

export interface EventPage {
  rows: EventRow[];
  total: number;
  /** True when `total` is a lower bound (keyword searches stop counting past 10,000). */
  totalIsEstimate: boolean;
}

export interface ConflictReport {
  eventId: string;
  line: number;
  /** canon(e) of the event already in the store. */
  stored: string;
  /** canon(e) of the event the source now gives for the same ID. */
  incoming: string;
}

export interface ImportSummary {
  file: string;
  format: 'csv' | 'json' | 'ndjson' | 'sealed' | 'ocsf' | 'ecs';
  sha256: string;
  bytes: number;
  received: number;
  appended: number;
  duplicates: number;
  conflicts: ConflictReport[];
  /** Set when zone-less times were read in this zone. */
  assumedTimeZone: string | null;
  firstSeq: number | null;
  lastSeq: number | null;
  importId: number | null;
  /** Set when the file was refused whole. */
  rejected: { line: number | null; field: string | null; message: string } | null;
}

export const FINDING_KINDS = [
  'MODIFIED',
  'DELETED',
  'INSERTED',
  'REORDERED',
  'TRUNCATED',
  'FORKED',
  'BAD_SIGNATURE',
  'UNTRUSTED_KEY',
  'UNSEALED_TAIL',
  'SCHEMA',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** Where the finding starts; null when it concerns no single event. */
  seq: number | null;
  message: string;
  /** FORKED: the range of events the failed checkpoint covers without a more precise place. */
  fromSeq?: number;
  toSeq?: number;
  /** SCHEMA: the schema object that differs, e.g. "index events_ts". */
  object?: string;
  /** Which log of the case it concerns: the events (default) or the case journal (seq is the entry's). */
  log?: 'events' | 'journal';
}

/**
 * intact: every event is under a trusted checkpoint that matches, and nothing is wrong;
 * unsealed: nothing is wrong, but some events are vouched for by no trusted checkpoint (no evidence either way);
 * broken: at least one finding.
 */
export type Verdict = 'intact' | 'unsealed' | 'broken';

/** What this installation witnessed of the store's origin before (docs/integrity.md, "The installation as witness"). */
export interface WitnessState {
  /** first-seen: this installation has never recorded a checkpoint of this origin. */
  state: 'first-seen' | 'consistent' | 'failed';
  origin: string;
  /** The largest checkpoint witnessed before this run (none when first seen). */
  size: number | null;
  rootB64: string | null;
  time: string | null;
}

/** A checkpoint as a verification report names it. */
export interface CheckpointSummary {
  origin: string;
  size: number;
  rootB64: string;
  keyName: string;
  keyFingerprint: string;
  trusted: boolean;
}

export interface VerifyReport {
  /** No finding (an unsealed tail is not one); see `verdict` for the three-way answer. */
  ok: boolean;
  verdict: Verdict;
  eventsChecked: number;
  firstBadSeq: number | null;
  findings: Finding[];
  /** The newest trusted checkpoint that covered the store, if any. */
  checkpoint: CheckpointSummary | null;
  /** This store's key, as the verifier-key string and its fingerprint (key ID hex). */
  keyFingerprint: string | null;
  /** Events after the newest checkpoint. */
  unsealed: number;
  /** The store against this installation's record of its origin; null when not checked. */
  witness: WitnessState | null;
  /** Journal entries checked, and the first bad one (docs/journal.md). */
  journalEntriesChecked?: number;
  /** Journal entries no trusted journal checkpoint seals: the verdict is then unsealed, never intact. */
  journalUnsealed?: number;
  firstBadJournalSeq?: number | null;
  durationMs: number;
}

export interface CheckpointInfo {
  size: number;
  rootB64: string;
  note: string;
  createdAt: string;
}

/** Every format `export` writes: SignTrail's own three and the SIEM formats of docs/siem.md. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'sealed', 'ocsf', 'ecs', 'cef'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportManifest {
  file: string;
  format: ExportFormat;
  sha256: string;
  rows: number;
  filter: unknown;
  checkpoint: { size: number; rootB64: string; note: string } | null;
  signtrailVersion: string;
  exportedAt: string;
  exportedBy: string;
}

export interface StoreInfo {
  path: string;
  storeId: string;
  origin: string;
  eventCount: number;
  verifierKey: string;
  latestCheckpoint: CheckpointInfo | null;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
}

export interface Facets {
  actors: string[];
  actions: { action: string; category: string }[];
  entityTypes: string[];
}

export interface HistogramBucket {
  start: string;
  end: string;
  SUCCESS: number;
  FAILURE: number;
  DENIED: number;
}
