// Every checkpoint, the store's and those given from outside (integrity.md §6.3–§6.4, §6.6):
// signature and trust, TRUNCATED when the store holds fewer events, FORKED when root(size) differs.
import type { CheckpointSummary, Finding } from '../../shared/results';
import { NoteError, parseCheckpointNote, verifyNoteSignatures, type VerifierKey } from './note';

export interface CheckpointSource {
  /** How the report names it, e.g. "checkpoint #3 in the store" or "outside checkpoint 1". */
  label: string;
  note: string;
  /** The size and root columns of a store checkpoint, checked against its note. */
  stored?: { size: number; root: Buffer };
}

export interface CheckedCheckpoint extends CheckpointSummary {
  /** root(size) recomputed from the store equals the signed root. */
  matches: boolean;
}

export interface CheckpointVerdict {
  findings: Finding[];
  checked: CheckedCheckpoint[];
}

export function checkCheckpoints(
  sources: readonly CheckpointSource[],
  trustedKeys: readonly VerifierKey[],
  storeOrigin: string | null,
  total: number,
  roots: ReadonlyMap<number, Buffer>,
): CheckpointVerdict {
  const findings: Finding[] = [];
  const checked: (CheckedCheckpoint & { label: string })[] = [];
  for (const source of sources) {
    let cp;
    try {
      cp = parseCheckpointNote(source.note);
    } catch (err) {
      if (!(err instanceof NoteError)) throw err;
      findings.push({
        kind: 'BAD_SIGNATURE',
        seq: null,
        message: `The ${source.label} cannot be read as a signed checkpoint: ${err.message}`,
      });
      continue;
    }
    const at = cp.size;
    if (source.stored && (source.stored.size !== cp.size || !source.stored.root.equals(cp.root))) {
      findings.push({
        kind: 'MODIFIED',
        seq: null,
        message: `The ${source.label}: its size or root column no longer matches its signed note (size ${cp.size}).`,
      });
    }
    if (storeOrigin !== null && cp.origin !== storeOrigin) {
      findings.push({
        kind: 'FORKED',
        seq: null,
        message: `The ${source.label} is for "${cp.origin}" but this store is "${storeOrigin}": it belongs to another store, or this store's identity was changed.`,
      });
    }
    const check = verifyNoteSignatures(cp, trustedKeys);
    for (const bad of check.bad) {
      findings.push({
        kind: 'BAD_SIGNATURE',
        seq: at,
        message: `The ${source.label} (size ${at}) carries a signature by ${bad.key.fingerprint} that does not verify: the note was altered or the signature forged.`,
      });
    }
    const trusted = check.verified.length > 0 && check.bad.length === 0;
    if (check.verified.length === 0 && check.bad.length === 0) {
      const names = check.unknown.map((s) => `${s.name}+${s.keyIdHex}`).join(', ');
      findings.push({
        kind: 'UNTRUSTED_KEY',
        seq: at,
        message: `The ${source.label} (size ${at}) is signed by ${names || 'no key'}, which is neither this installation's key nor a key you pinned; pin it with --trusted-key only if you know whose it is.`,
      });
    }
    const root = roots.get(at);
    const matches = at <= total && root !== undefined && root.equals(cp.root);
    const signer = check.verified[0] ?? check.bad[0]?.key;
    checked.push({
      label: source.label,
      origin: cp.origin,
      size: at,
      rootB64: cp.rootB64,
      keyName: signer?.name ?? cp.signatures[0]?.name ?? '',
      keyFingerprint:
        signer?.fingerprint ?? (cp.signatures[0] ? `${cp.signatures[0].name}+${cp.signatures[0].keyIdHex}` : ''),
      trusted,
      matches,
    });
    if (at > total) {
      findings.push({
        kind: 'TRUNCATED',
        seq: total + 1,
        message: `The ${source.label} seals ${at} events but the store holds ${total}: ${at - total === 1 ? `event ${at} is` : `events ${total + 1} to ${at} are`} missing.`,
      });
    }
  }
  // A fork is placed after the largest trusted checkpoint that still matches: history up to it is vouched for.
  const vouched = checked.filter((c) => c.trusted && c.matches).map((c) => c.size);
  for (const c of checked) {
    if (c.matches || c.size > total) continue;
    const from = Math.max(0, ...vouched.filter((s) => s < c.size)) + 1;
    findings.push({
      kind: 'FORKED',
      seq: from,
      fromSeq: from,
      toSeq: c.size,
      message: `The ${c.label} signs a root for ${c.size} events that the store's events ${from} to ${c.size} do not produce: that part of the history was rewritten.`,
    });
  }
  return { findings, checked };
}
