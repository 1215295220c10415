// Every sampled event of a report gets its RFC 6962 inclusion proof against the newest signed
// checkpoint (the tlog-proof@v1 text and the event's canonical bytes, as an evidence package
// holds them, docs/integrity.md §8), made by electron/proofs/ from the same read snapshot as the
// figures. A sample after the newest checkpoint, or a case whose leaves no longer give the signed
// root, gets no proof and a note saying why; the report is still written.
import type { ControlResult } from '../../shared/report';
import { openProver, ProofError, type KnownBlocks, type Prover } from '../proofs/prover';
import type { Db } from '../store/db';

export function attachProofs(
  db: Db,
  controls: ControlResult[],
  blocks?: KnownBlocks,
): { checkpointSize: number | null; note: string } {
  const samples = controls.flatMap((c) => c.checks.flatMap((k) => k.samples));
  let prover: Prover;
  try {
    prover = openProver(db, 'events', blocks);
  } catch (err) {
    if (!(err instanceof ProofError)) throw err;
    for (const s of samples) s.proofNote = err.message;
    return { checkpointSize: null, note: err.message };
  }
  const size = prover.checkpoint.size;
  const made = new Map<number, ReturnType<Prover['prove']> | string>();
  for (const s of samples) {
    let result = made.get(s.seq);
    if (result === undefined) {
      try {
        result = prover.prove(s.seq);
      } catch (err) {
        if (!(err instanceof ProofError)) throw err;
        result = err.message;
      }
      made.set(s.seq, result);
    }
    if (typeof result === 'string') s.proofNote = result;
    else s.proof = { tlogProof: result.proof, entryBase64: result.canon.toString('base64'), checkpointSize: size };
  }
  return {
    checkpointSize: size,
    note: `Each sample event carries its inclusion proof (c2sp.org/tlog-proof@v1) against the checkpoint signed at size ${size}, with its canonical bytes: the leaf is SHA-256(0x00 || bytes), and any RFC 6962 verifier with the witness key checks it.`,
  };
}
