// Writing and reading the case journal. Each entry is canonical JSON, hashed like an event
// (leaf, chain), appended in one transaction together with a new signed checkpoint of the
// journal's own Merkle tree under the origin `<case origin>/journal`.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import {
  BODY_SCHEMAS,
  journalEntrySchema,
  type EventAnnotations,
  type JournalEntry,
  type JournalEntryView,
  type JournalKind,
} from '../../shared/journal';
import { currentUser } from '../currentUser';
import { chainHash, leafHash, ZERO_CHAIN } from '../integrity/hash';
import { MerkleTree } from '../integrity/merkleTree';
import { findEvent } from '../proofs/prover';
import { CheckpointConsistencyError, latestCheckpoint, type CheckpointSigner } from '../store/checkpoints';
import type { Db } from '../store/db';
import {
  insertJournalCheckpoint,
  insertJournalRow,
  isStarred,
  journalHead,
  journalRows,
  journalRowsForEvent,
  journalSeqOf,
  tagsOfEvent,
  type JournalRow,
  deriveJournalColumns,
  journalOrigin,
} from '../store/journal';
import { rowBySeq, storedCheckpoints, storeLeafReader } from '../store/proofRows';

export class JournalError extends Error {
  override name = 'JournalError';
}

export interface NewEntry {
  kind: JournalKind;
  body: { [key: string]: JsonValue };
  /** Event IDs or `seq:N`. */
  events?: readonly string[];
  seqs?: readonly number[];
}

/** The analyst's name: SIGNTRAIL_ANALYST, else `analyst` in <home>/settings.json, else user@host. */
export function analystName(home: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGNTRAIL_ANALYST?.trim()) return env.SIGNTRAIL_ANALYST.trim().slice(0, 256);
  if (home) {
    try {
      const settings = JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8')) as { analyst?: unknown };
      if (typeof settings.analyst === 'string' && settings.analyst.trim()) return settings.analyst.trim().slice(0, 256);
    } catch {
      // No settings file, or not JSON: the OS user it is.
    }
  }
  return currentUser();
}

const nowMicros = (): string => new Date().toISOString().replace('Z', '000Z');

/**
 * Appends one entry and signs a new journal checkpoint, inside one transaction on `db` (a writer
 * connection). Refuses when the journal no longer extends its last checkpoint.
 */
export function appendJournalEntry(
  db: Db,
  signer: CheckpointSigner,
  input: NewEntry,
  analyst: string,
): JournalEntryView {
  const body = BODY_SCHEMAS[input.kind].safeParse(input.body);
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new JournalError(
      `A ${input.kind} entry: ${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}.`,
    );
  }
  let sealed: { size: number; root: Buffer } | null = null;
  const view = db.transaction((): JournalEntryView => {
    const seqs = new Set<number>(input.seqs ?? []);
    for (const ref of input.events ?? []) seqs.add(findEvent(db, ref).seq);
    const events = [...seqs]
      .sort((a, b) => a - b)
      .map((seq) => {
        const row = rowBySeq(db, 'events', seq);
        if (!row) throw new JournalError(`There is no event with seq ${seq} in this case.`);
        return { seq, leaf: row.leaf.toString('hex') };
      });
    const cp = latestCheckpoint(db);
    const entry: JournalEntry = {
      id: randomUUID(),
      time: nowMicros(),
      analyst,
      kind: input.kind,
      body: body.data as { [key: string]: JsonValue },
      events,
      ...(cp ? { eventsCheckpoint: { size: cp.size, root: cp.rootB64 } } : {}),
    };
    const parsed = journalEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JournalError(`A ${input.kind} entry: ${issue.path.join('.')}: ${issue.message}.`);
    }
    const { tag, refers } = deriveJournalColumns(entry);
    if (refers !== null) {
      const target = journalSeqOf(db, refers);
      if (!target) throw new JournalError(`There is no journal entry ${refers} for this ${input.kind} to point at.`);
      if (input.kind === 'conclusion' && target.kind !== 'question') {
        throw new JournalError(`A conclusion answers a question; entry ${refers} is a ${target.kind}.`);
      }
    }
    const canon = Buffer.from(canonicalize(entry as unknown as JsonValue), 'utf8');
    const leaf = leafHash(canon);
    const head = journalHead(db);
    const seq = (head?.seq ?? 0) + 1;
    const chain = chainHash(head?.chain ?? ZERO_CHAIN, leaf);
    insertJournalRow(db, {
      seq,
      canon,
      leaf,
      chain,
      entryId: entry.id,
      time: entry.time,
      analyst,
      kind: entry.kind,
      tag,
      refers,
      eventSeqs: events.map((e) => e.seq),
    });
    sealed = sealJournal(db, signer, seq);
    return { ...entry, seq, retractedBy: null, amendedBy: [] };
  })();
  // Witnessed once it is committed: the installation's record never runs ahead of the journal.
  const done = sealed as { size: number; root: Buffer } | null;
  if (done) signer.witness?.record(journalOrigin(db), done.size, done.root);
  return view;
}

/**
 * Signs root(size) of the journal after checking it extends the previous journal checkpoint and
 * what this installation witnessed of it: a journal emptied or rewritten in the file, its
 * checkpoints with it, is never signed over as if it were the case's history.
 */
function sealJournal(db: Db, signer: CheckpointSigner, size: number): { size: number; root: Buffer } {
  const tree = new MerkleTree(size, storeLeafReader(db, 'journal'));
  const origin = journalOrigin(db);
  const previous = storedCheckpoints(db, 'journal').at(-1);
  if (previous && (previous.size > size || !tree.root(previous.size).equals(previous.root))) {
    throw new CheckpointConsistencyError(
      `The journal no longer matches its last checkpoint (size ${previous.size}); nothing was written. Run "signtrail verify" to find where it changed.`,
    );
  }
  // Every entry is written and sealed in one transaction, so the last checkpoint seals every entry
  // before this one: rows beyond it were put in the file by someone else, and are never signed over.
  if ((previous?.size ?? 0) !== size - 1) {
    throw new CheckpointConsistencyError(
      `The journal holds entries after its last checkpoint (size ${previous?.size ?? 0}) that SignTrail did not write; nothing was written. Run "signtrail verify" to see them.`,
    );
  }
  const witnessed = signer.witness?.read(origin) ?? null;
  if (
    witnessed &&
    (witnessed.size > size - 1 || !tree.root(witnessed.size).equals(Buffer.from(witnessed.rootB64, 'base64')))
  ) {
    throw new CheckpointConsistencyError(
      `The journal no longer holds the ${witnessed.size} entries this installation witnessed on ${witnessed.time}; nothing was written. Run "signtrail verify" to see what changed.`,
    );
  }
  const root = tree.root();
  const note = signer.sign(origin, size, root);
  insertJournalCheckpoint(db, size, root, note, new Date().toISOString());
  return { size, root };
}

function toView(row: JournalRow): JournalEntryView {
  const entry = JSON.parse(row.canon.toString('utf8')) as JournalEntry;
  return { ...entry, seq: row.seq, retractedBy: null, amendedBy: [] };
}

/** Entries oldest first, each with the retract and amend entries that point at it. */
function withCorrections(all: JournalEntryView[], shown: JournalEntryView[]): JournalEntryView[] {
  const byId = new Map(shown.map((e) => [e.id, e]));
  for (const e of all) {
    const target = typeof e.body.entry === 'string' ? byId.get(e.body.entry) : undefined;
    if (!target) continue;
    if (e.kind === 'retract') target.retractedBy = e.id;
    if (e.kind === 'amend') target.amendedBy.push({ id: e.id, text: String(e.body.text) });
  }
  return shown;
}

export interface JournalQuery {
  kinds?: readonly string[];
  analyst?: string;
  tag?: string;
  seq?: number;
}

export function listJournal(db: Db, query: JournalQuery = {}): JournalEntryView[] {
  const all = journalRows(db).map(toView);
  const rows =
    query.seq === undefined ? all : journalRowsForEvent(db, query.seq).map((r) => all[r.seq - 1] ?? toView(r));
  const shown = rows.filter(
    (e) =>
      (!query.kinds?.length || query.kinds.includes(e.kind)) &&
      (!query.analyst || e.analyst === query.analyst) &&
      (!query.tag || ((e.kind === 'tag' || e.kind === 'untag') && e.body.name === query.tag)),
  );
  return withCorrections(all, shown);
}

export function annotationsOf(db: Db, seq: number): EventAnnotations {
  const entries = listJournal(db, { seq, kinds: ['comment'] });
  return {
    tags: tagsOfEvent(db, seq),
    starred: isStarred(db, seq),
    comments: entries
      .filter((e) => e.retractedBy === null)
      .map((e) => ({
        id: e.id,
        time: e.time,
        analyst: e.analyst,
        text: e.amendedBy.length ? e.amendedBy[e.amendedBy.length - 1].text : String(e.body.text),
      })),
  };
}
