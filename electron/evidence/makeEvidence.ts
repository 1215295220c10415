// An evidence package (docs/evidence.md): a folder a recipient checks offline with its own
// verify.mjs or any tlog-proof verifier. Written into a temporary folder beside the target and
// renamed into place at the end, so the package appears complete or not at all.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EventFilter } from '../../shared/filter';
import type { EvidenceSummary } from '../../shared/journal';
import { currentUser } from '../currentUser';
import { openProver, ProofError, type Prover } from '../proofs/prover';
import type { CheckpointSigner } from '../store/checkpoints';
import { getMeta, type Db } from '../store/db';
import { evidenceEventRows, evidenceJournalSeqs } from '../store/evidenceRows';
import { inReadSnapshot } from '../store/transaction';
import { SIGNTRAIL_VERSION } from '../version';
import { VERIFY_MJS } from './verifyScript';

export interface EvidenceRequest {
  filter: EventFilter;
  seqs?: number[];
  out: string;
  signer: CheckpointSigner;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export class EvidenceError extends Error {
  override name = 'EvidenceError';
}

const README = `SignTrail evidence package
==========================

This folder holds audit events from a SignTrail case, each with a proof that it is part of the
case's signed, append-only log, and the investigator's journal entries about them, with proofs
of their own. You can check all of it offline, without SignTrail:

    node verify.mjs .

(Node.js 18 or later; verify.mjs has no dependencies and is short enough to read first.)
It prints one line per event and per journal entry, and fails, naming the file and the event,
if any byte of the package was changed.

Files
  events.ndjson          the events: their canonical bytes (RFC 8785 JSON), one per line
  proofs/<seq>.tlog-proof    for each event, a c2sp.org/tlog-proof@v1 inclusion proof: leaf
                         index (seq - 1), the RFC 6962 path, and the signed checkpoint
  checkpoint             the signed checkpoint (C2SP signed note) the event proofs are against
  key                    the verifier key, <name>+<key ID>+<base64 Ed25519 key>
  journal.ndjson         the journal entries about these events (tags, comments, questions,
                         conclusions, ...), canonical JSON, one per line
  journal-proofs/<seq>.tlog-proof, journal-checkpoint   their proofs, against the journal's log
  consistency.proof      the case's oldest checkpoint is a prefix of the newest: the log only grew
  manifest.json          what is here and the SHA-256 of every file; manifest.sig signs it
  verify.mjs             the checker

Trust
  Every signature is checked against the key in "key". That proves the files agree with each
  other, not who made them: compare the key with the one the case's owner gave you by a channel
  you trust (in person, a signed letter, a key you pinned earlier).

With other tools
  Each leaf is SHA-256(0x00 || line bytes). Any verifier of c2sp.org/tlog-proof and
  golang.org/x/mod/sumdb/note checks proofs/<seq>.tlog-proof against the line of events.ndjson
  the manifest names for that seq, with the key in "key".
`;

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

interface Item {
  seq: number;
  line: number;
  label: string;
  proof: string;
}

/** Everything the package holds, gathered from one read snapshot before any file is written. */
function gather(db: Db, req: EvidenceRequest) {
  return inReadSnapshot(db, () => {
    const events = evidenceEventRows(db, req.filter, req.seqs);
    if (events.length === 0) throw new EvidenceError('The selection holds no events: nothing to package.');
    const prover = openProver(db, 'events');
    const outside = events.filter((e) => e.seq > prover.checkpoint.size);
    if (outside.length) {
      throw new EvidenceError(
        `${outside.length} selected event(s), from seq ${outside[0].seq}, are outside every checkpoint (the newest seals ${prover.checkpoint.size}): seal first.`,
      );
    }
    const eventProofs = events.map((e, i) => {
      if (req.signal?.aborted)
        throw new EvidenceError('Making the evidence package was cancelled; nothing was written.');
      req.onProgress?.(i, events.length);
      return { ...e, proof: prover.prove(e.seq).proof };
    });
    const oldest = prover.checkpoints.find((c) => c.size > 0) ?? prover.checkpoint;
    const consistency = prover.consistency(oldest.size, prover.checkpoint.size).proof;

    const journalSeqs = evidenceJournalSeqs(
      db,
      events.map((e) => e.seq),
    );
    let journalProver: Prover | null = null;
    const journal = journalSeqs.map((seq) => {
      journalProver ??= openProver(db, 'journal');
      return journalProver.prove(seq);
    });
    return { events: eventProofs, consistency, prover, journal, journalProver: journalProver as Prover | null };
  });
}

export async function makeEvidence(db: Db, req: EvidenceRequest): Promise<EvidenceSummary> {
  const target = path.resolve(req.out);
  if (fs.existsSync(target)) {
    throw new EvidenceError(`${target} already exists: choose a new folder for the package (nothing was overwritten).`);
  }
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) throw new EvidenceError(`The folder ${parent} does not exist.`);
  let data;
  try {
    data = gather(db, req);
  } catch (err) {
    if (err instanceof ProofError) throw new EvidenceError(err.message);
    throw err;
  }
  const origin = getMeta(db, 'origin') ?? 'signtrail/unknown';
  const temp = path.join(parent, `.${path.basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  const files: Record<string, string> = {};
  const write = (name: string, bytes: Buffer | string): void => {
    const full = path.join(temp, ...name.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, bytes, { flag: 'wx' });
    files[name] = sha256(bytes);
  };
  try {
    fs.mkdirSync(temp);
    const eventItems: Item[] = data.events.map((e, i) => ({
      seq: e.seq,
      line: i + 1,
      label: e.eventId,
      proof: `proofs/${e.seq}.tlog-proof`,
    }));
    write('events.ndjson', Buffer.concat(data.events.flatMap((e) => [e.canon, Buffer.from('\n')])));
    data.events.forEach((e, i) => write(eventItems[i].proof, e.proof));
    write('checkpoint', data.prover.checkpoint.note);
    write('key', req.signer.verifierKey + '\n');
    write('consistency.proof', data.consistency);
    const journalItems: Item[] = data.journal.map((p, i) => {
      const entry = JSON.parse(p.canon.toString('utf8')) as { kind: string; analyst: string };
      return {
        seq: p.seq,
        line: i + 1,
        label: `${entry.kind} by ${entry.analyst}`,
        proof: `journal-proofs/${p.seq}.tlog-proof`,
      };
    });
    write('journal.ndjson', Buffer.concat(data.journal.flatMap((p) => [p.canon, Buffer.from('\n')])));
    data.journal.forEach((p, i) => write(journalItems[i].proof, p.proof));
    if (data.journalProver) write('journal-checkpoint', data.journalProver.checkpoint.note);
    write('README.txt', README);
    write('verify.mjs', VERIFY_MJS);
    const manifest = {
      format: 'signtrail.dev/evidence@v1',
      origins: { events: origin, journal: `${origin}/journal` },
      createdAt: new Date().toISOString(),
      createdBy: currentUser(),
      signtrailVersion: SIGNTRAIL_VERSION,
      selection: req.seqs ? { seqs: req.seqs } : { filter: req.filter },
      checkpoint: { size: data.prover.checkpoint.size, rootB64: data.prover.checkpoint.root.toString('base64') },
      events: eventItems,
      journal: journalItems,
      files,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    fs.writeFileSync(path.join(temp, 'manifest.json'), manifestBytes, { flag: 'wx' });
    const manifestHash = createHash('sha256').update(manifestBytes).digest();
    const sig = req.signer.sign(`${origin}/evidence`, eventItems.length, manifestHash);
    fs.writeFileSync(path.join(temp, 'manifest.sig'), sig, { flag: 'wx' });
    if (req.signal?.aborted) throw new EvidenceError('Making the evidence package was cancelled; nothing was written.');
    fs.renameSync(temp, target);
    req.onProgress?.(eventItems.length, eventItems.length);
    return {
      folder: target,
      events: eventItems.length,
      journalEntries: journalItems.length,
      manifestSha256: manifestHash.toString('hex'),
      checkpointSize: data.prover.checkpoint.size,
    };
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
