// Blast radius of a key (what it signed in a window, for whom, where, under which certificates)
// and an artifact's whole trail, request to signature.
import type { ArtifactTrail, BlastRadius, BlastSigning } from '../../shared/detections';
import type { AuditRecord } from '../../shared/event';
import { toFtsQuery } from '../store/search';
import { toStoreInstant } from '../store/query';
import type { Db } from '../store/db';
import {
  certificatesOfKey,
  eventRows,
  eventsBySeq,
  firstCompromiseEvent,
  phraseMatches,
  requestEvents,
  requestSeqs,
  signingsWithKey,
  type KeyEventRow,
} from '../store/detections';
import { detailsValue } from './fields';

const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const recordOf = (row: KeyEventRow) => JSON.parse(row.canon.toString('utf8')) as AuditRecord;
const DIGEST_MEMBERS = ['artifact_sha256', 'artifact_digest', 'digest', 'sha256'];

function digestOf(details: AuditRecord['details']): string | null {
  for (const m of DIGEST_MEMBERS) {
    const v = text(detailsValue(details, m));
    if (v) return v;
  }
  return null;
}

export function blastRadius(db: Db, keyId: string, from?: string, to?: string): BlastRadius {
  let start: string | null = from ? toStoreInstant(from) : null;
  let fromReason = from ? 'the time given' : 'the whole life of the key (no revocation or deactivation)';
  if (!from) {
    const first = firstCompromiseEvent(db, keyId);
    if (first) {
      start = first.ts;
      fromReason = `${first.action} at ${first.ts} (event ${first.event_id})`;
    }
  }
  const end = to ? toStoreInstant(to) : null;
  const ops = signingsWithKey(db, keyId, start, end);
  const requestIds = [...new Set(ops.map((o) => o.request_id).filter((r): r is string => r !== null))];
  const requesters = new Map<string, string>();
  const approvers = new Map<string, string[]>();
  for (const e of requestEvents(db, requestIds)) {
    if (!e.request_id) continue;
    if (e.action === 'SIGNING_REQUESTED') requesters.set(e.request_id, e.actor_id);
    if (e.action === 'APPROVAL_GRANTED')
      approvers.set(e.request_id, [...(approvers.get(e.request_id) ?? []), e.actor_id]);
  }
  const signings: BlastSigning[] = ops.map((o) => {
    const r = recordOf(o);
    return {
      seq: o.seq,
      id: o.event_id,
      timestamp: o.ts,
      status: o.status,
      actorId: o.actor_id,
      requestId: o.request_id,
      artifact: text(detailsValue(r.details, 'artifact')),
      digest: digestOf(r.details),
      agent: text(detailsValue(r.details, 'agent')),
      requester: (o.request_id && requesters.get(o.request_id)) ?? null,
      approvers: (o.request_id && approvers.get(o.request_id)) || [],
    };
  });
  const artifacts = new Map<string, { name: string; digest: string | null; signings: number }>();
  for (const s of signings) {
    if (!s.artifact) continue;
    const key = s.artifact + '\u0000' + (s.digest ?? '');
    const a = artifacts.get(key) ?? { name: s.artifact, digest: s.digest, signings: 0 };
    a.signings++;
    artifacts.set(key, a);
  }
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  return {
    keyId,
    from: start,
    to: end,
    fromReason,
    signings,
    artifacts: [...artifacts.values()],
    requesters: uniq(signings.map((s) => s.requester)),
    agents: uniq(signings.map((s) => s.agent)),
    approvers: uniq(signings.flatMap((s) => s.approvers)),
    certificates: certificatesOfKey(db, keyId).map((c) => ({ id: c.entity_id, name: c.entity_name, uploadedAt: c.ts })),
  };
}

/** Every event about an artifact, by name or digest: the events naming it and their requests' trails. */
export function artifactTrail(db: Db, query: string): ArtifactTrail {
  const wanted = query.trim();
  const fts = toFtsQuery(`"${wanted.replace(/"/g, '')}"`);
  const matches = fts ? phraseMatches(db, fts) : [];
  const lower = wanted.toLowerCase();
  const direct: KeyEventRow[] = [];
  for (const row of eventsBySeq(db, matches)) {
    const r = recordOf(row);
    const names = [text(detailsValue(r.details, 'artifact')), digestOf(r.details), r.entity.name ?? null];
    if (names.some((n) => n !== null && n.toLowerCase() === lower)) direct.push(row);
  }
  const requestIds = [...new Set(direct.map((d) => d.request_id).filter((r): r is string => r !== null))].sort();
  const seqs = new Set([...direct.map((d) => d.seq), ...requestSeqs(db, requestIds)]);
  return { query: wanted, requestIds, events: eventRows(db, [...seqs]) };
}
