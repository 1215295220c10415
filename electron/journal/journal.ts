// Writing and reading the case journal. Each entry is canonical JSON, hashed like an event
// (leaf, chain), appended in one transaction together with a new signed checkpoint of the
// journal's own Merkle tree under the origin `<case origin>/journal`.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalize } from '../../shared/canonical';
import type { EventDetail, JsonValue } from '../../shared/event';
import { eventFilterSchema } from '../../shared/filter';
import {
  BODY_SCHEMAS,
  ENTITY_NOTE_TYPES,
  journalEntrySchema,
  type EntityNoteType,
  type EntryMark,
  type EventAnnotations,
  type QuestionView,
  type SavedSearchView,
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
import { getEvent } from '../store/query';
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

const latestText = (e: JournalEntryView): string =>
  e.amendedBy.length ? e.amendedBy[e.amendedBy.length - 1].text : String(e.body.text);
const mark = (e: JournalEntryView): EntryMark => ({ id: e.id, time: e.time, analyst: e.analyst });

/** The key, certificate, actor, agent and policy an event names, as entity-note targets. */
function entitiesOf(event: EventDetail): { type: EntityNoteType; id: string }[] {
  const out: { type: EntityNoteType; id: string }[] = [{ type: 'actor', id: event.actorId }];
  const own = event.entityType.toLowerCase();
  if ((ENTITY_NOTE_TYPES as readonly string[]).includes(own))
    out.push({ type: own as EntityNoteType, id: event.entityId });
  if (event.keyId && !(own === 'key' && event.entityId === event.keyId)) out.push({ type: 'key', id: event.keyId });
  if (typeof event.details.agent === 'string') out.push({ type: 'agent', id: event.details.agent });
  return out;
}

/** Notes not retracted on any of these entities, oldest first. */
function notesOn(all: JournalEntryView[], entities: { type: string; id: string }[]): EventAnnotations['entityNotes'] {
  const wanted = new Set(entities.map((e) => `${e.type}\u0000${e.id}`));
  return all
    .filter((e) => e.kind === 'entity-note' && e.retractedBy === null)
    .flatMap((e) => {
      const parsed = BODY_SCHEMAS['entity-note'].safeParse(e.body);
      if (!parsed.success || !wanted.has(`${parsed.data.entity.type}\u0000${parsed.data.entity.id}`)) return [];
      return [{ ...mark(e), entity: parsed.data.entity, text: latestText(e), amended: e.amendedBy.length > 0 }];
    });
}

export function entityNotes(db: Db, entity: { type: EntityNoteType; id: string }): EventAnnotations['entityNotes'] {
  return notesOn(listJournal(db, { kinds: ['entity-note'] }), [entity]);
}

export function annotationsOf(db: Db, seq: number): EventAnnotations {
  const entries = listJournal(db, { seq }).filter((e) => e.retractedBy === null);
  const tags = tagsOfEvent(db, seq);
  const latest = (kind: string, name?: string) =>
    entries.filter((e) => e.kind === kind && (name === undefined || e.body.name === name)).at(-1);
  const starred = isStarred(db, seq);
  const starEntry = starred ? latest('star') : undefined;
  const event = getEvent(db, seq);
  return {
    tags,
    tagEntries: tags.flatMap((name) => {
      const e = latest('tag', name);
      return e ? [{ ...mark(e), name, note: typeof e.body.note === 'string' ? e.body.note : null }] : [];
    }),
    starred,
    star: starEntry ? mark(starEntry) : null,
    comments: entries
      .filter((e) => e.kind === 'comment')
      .map((e) => ({ ...mark(e), text: latestText(e), amended: e.amendedBy.length > 0 })),
    entityNotes: event ? notesOn(listJournal(db, { kinds: ['entity-note'] }), entitiesOf(event)) : [],
  };
}

/**
 * Saved searches not retracted, newest first. The filter was checked when the entry was written,
 * but a case file is hostile input: it is checked again here against the filter contract.
 */
export function savedSearches(db: Db): SavedSearchView[] {
  return listJournal(db, { kinds: ['saved-search'] })
    .filter((e) => e.retractedBy === null)
    .reverse()
    .map((e) => {
      const name = typeof e.body.name === 'string' && e.body.name ? e.body.name.slice(0, 128) : `entry ${e.seq}`;
      const filter = eventFilterSchema.safeParse(e.body.filter);
      if (filter.success) return { ...mark(e), name, filter: filter.data, problem: null };
      const issue = filter.error.issues[0];
      const where = issue.path.length ? `filter.${issue.path.map(String).join('.')}` : 'filter';
      return {
        ...mark(e),
        name,
        filter: null,
        problem: `Journal entry ${e.seq} (saved search "${name}"): ${where}: ${issue.message}. It is not applied.`,
      };
    });
}

/** Questions not retracted, oldest first, each with its conclusions not retracted. */
export function questions(db: Db): QuestionView[] {
  const all = listJournal(db, { kinds: ['question', 'conclusion'] }).filter((e) => e.retractedBy === null);
  return all
    .filter((e) => e.kind === 'question')
    .map((q) => ({
      ...mark(q),
      seq: q.seq,
      text: latestText(q),
      events: q.events.map((ev) => ev.seq),
      conclusions: all
        .filter((c) => c.kind === 'conclusion' && c.body.question === q.id)
        .map((c) => ({ ...mark(c), seq: c.seq, text: latestText(c), events: c.events.map((ev) => ev.seq) })),
    }));
}
