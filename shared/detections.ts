// What detection runs, blast radius and artifact trails return, at every door.
import type { EventRow } from './event';

export interface DetectionRuleInfo {
  id: string;
  title: string;
  level: 'informational' | 'low' | 'medium' | 'high' | 'critical';
  tags: string[];
}

export interface DetectionHit {
  rule: DetectionRuleInfo;
  events: { seq: number; id: string; ts: string }[];
}

export interface DetectionRuleCount extends DetectionRuleInfo {
  description: string;
  file: string;
  kind: 'detection' | 'correlation';
  /** False for base rules of a correlation that does not `generate` them. */
  reports: boolean;
  hits: number;
}

export interface RuleLoadError {
  file: string;
  line: number;
  problem: string;
}

export interface DetectionReport {
  hits: DetectionHit[];
  rules: DetectionRuleCount[];
  errors: RuleLoadError[];
  /** Events evaluated in this run (only the new ones and their windows when incremental). */
  scanned: number;
  /** The last seq evaluated: the next incremental run starts after it. */
  lastSeq: number;
  incremental: boolean;
  ms: number;
  /** Remembered rule folders this run did not read: a case's folder not confirmed here, and why. */
  foldersNotLoaded: { folder: string; note: string }[];
}

export interface BlastSigning {
  seq: number;
  id: string;
  timestamp: string;
  status: string;
  actorId: string;
  requestId: string | null;
  artifact: string | null;
  digest: string | null;
  agent: string | null;
  requester: string | null;
  approvers: string[];
}

export interface BlastRadius {
  keyId: string;
  from: string | null;
  to: string | null;
  /** Why the window starts where it does. */
  fromReason: string;
  signings: BlastSigning[];
  artifacts: { name: string; digest: string | null; signings: number }[];
  requesters: string[];
  agents: string[];
  approvers: string[];
  certificates: { id: string; name: string | null; uploadedAt: string }[];
}

export interface ArtifactTrail {
  query: string;
  requestIds: string[];
  events: EventRow[];
}
