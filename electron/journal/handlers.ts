// The service's journal, proof and evidence channels, and the journal entries that record the
// analyst's other actions (import, sync, verify, export) as evidence of review.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Channel, ChannelResult, ParsedArgs, ServiceChannel } from '../../shared/channels';
import type { JsonValue } from '../../shared/event';
import type { JournalKind } from '../../shared/journal';
import type { SyncRunReport } from '../../shared/sync';
import { makeEvidence } from '../evidence/makeEvidence';
import { manifestPath } from '../export/manifest';
import { findEvent, openProver } from '../proofs/prover';
import type { Handler, HandlerMap, JobContext } from '../../shared/handlers';
import type { CaseStore } from '../store/caseStore';
import type { CheckpointSigner } from '../store/checkpoints';
import type { Db } from '../store/db';
import { journalSeqOf, tagCounts } from '../store/journal';
import type { RunExclusive } from '../store/writeQueue';
import {
  analystName,
  annotationsOf,
  appendJournalEntry,
  entityNotes,
  listJournal,
  questions,
  savedSearches,
} from './journal';

export type JournalChannel =
  | 'journal.add'
  | 'journal.list'
  | 'journal.annotations'
  | 'journal.tags'
  | 'journal.savedSearches'
  | 'journal.questions'
  | 'journal.entityNotes'
  | 'proof.event'
  | 'proof.consistency'
  | 'evidence.make';

export interface JournalDeps {
  db: Db;
  home: string;
  getSigner: () => CheckpointSigner;
  runExclusive: RunExclusive;
}

/** The journal's view of an open case: its store, and the home whose settings name the analyst. */
export function journalDeps(c: CaseStore, home: string): JournalDeps {
  return { db: c.db, home, getSigner: () => c.signer(), runExclusive: c.runExclusive };
}

export function journalHandlers(deps: JournalDeps): HandlerMap<JournalChannel> {
  const { db, getSigner, runExclusive } = deps;
  const analyst = (): string => analystName(deps.home);
  const record = recorder(deps);
  return {
    'journal.add': (args) =>
      runExclusive(async (writer) =>
        appendJournalEntry(
          writer,
          getSigner(),
          { kind: args.kind, body: args.body, events: args.events, seqs: args.seqs },
          analyst(),
        ),
      ),
    'journal.list': (args) => listJournal(db, args),
    'journal.annotations': (args) => annotationsOf(db, args.seq),
    'journal.tags': () => tagCounts(db),
    'journal.savedSearches': () => savedSearches(db),
    'journal.questions': () => questions(db),
    'journal.entityNotes': (args) => entityNotes(db, args),
    'proof.event': (args) => {
      const prover = openProver(db, args.log);
      const m = /^seq:(\d+)$/.exec(args.event);
      const seq = args.log === 'events' ? findEvent(db, args.event).seq : m ? Number(m[1]) : journalSeq(db, args.event);
      const proof = prover.prove(seq);
      return { ...proof, canon: proof.canon.toString('utf8') };
    },
    'proof.consistency': (args) => openProver(db, args.log).consistency(args.fromSize, args.toSize),
    'evidence.make': async (args, ctx) => {
      const summary = await makeEvidence(db, {
        filter: args.filter,
        seqs: args.seqs,
        out: args.out,
        signer: getSigner(),
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress('Writing evidence package', done, total),
      });
      await record('evidence', {
        folder: summary.folder,
        events: summary.events,
        journalEntries: summary.journalEntries,
        manifestSha256: summary.manifestSha256,
        checkpointSize: summary.checkpointSize,
      });
      return summary;
    },
  };
}

function journalSeq(db: Db, entryId: string): number {
  const seq = journalSeqOf(db, entryId)?.seq;
  if (seq === undefined) throw new Error(`No journal entry with ID "${entryId}" (or give seq:N).`);
  return seq;
}

/** Writes an action entry; a journal that cannot take one (it fails verification) does not fail the action. */
function recorder(deps: JournalDeps) {
  return async (kind: JournalKind, body: { [key: string]: JsonValue }): Promise<void> => {
    try {
      await deps.runExclusive(async (writer) => {
        appendJournalEntry(writer, deps.getSigner(), { kind, body }, analystName(deps.home));
      });
    } catch {
      // Verification reports why the journal refuses entries; the action itself stands.
    }
  };
}

const sha256File = (file: string): string | null => {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
};

/** Wraps import, sync, verify and export so each records an entry in the journal once it is done. */
export function recordActions(handlers: HandlerMap<ServiceChannel>, deps: JournalDeps): HandlerMap<ServiceChannel> {
  const record = recorder(deps);
  const wrapped: HandlerMap<ServiceChannel> = { ...handlers };
  const wrap = <C extends Channel>(
    channel: C,
    entries: (args: ParsedArgs<C>, result: ChannelResult<C>) => { [key: string]: JsonValue }[],
    kind: JournalKind,
  ) => {
    const inner = (handlers as Partial<Record<Channel, unknown>>)[channel] as Handler<C> | undefined;
    if (!inner) return;
    (wrapped as Record<string, unknown>)[channel] = async (args: ParsedArgs<C>, ctx: JobContext) => {
      const result = await inner(args, ctx);
      for (const body of entries(args, result)) await record(kind, body);
      return result;
    };
  };
  wrap(
    'import.files',
    (_args, summaries) =>
      summaries.map((s) => ({
        file: s.file,
        format: s.format,
        sha256: s.sha256,
        received: s.received,
        appended: s.appended,
        duplicates: s.duplicates,
        conflicts: s.conflicts.length,
        firstSeq: s.firstSeq,
        lastSeq: s.lastSeq,
        rejected: s.rejected ? s.rejected.message : null,
      })),
    'import',
  );
  wrap(
    'sync.run',
    (_args, reports) =>
      (reports as SyncRunReport[]).map((r) => ({
        source: r.source,
        kind: r.kind,
        received: r.received,
        appended: r.appended,
        duplicates: r.duplicates,
        conflicts: r.conflicts,
        error: r.error,
      })),
    'sync',
  );
  wrap(
    'verify.run',
    (_args, report) => [
      {
        ok: report.ok,
        eventsChecked: report.eventsChecked,
        journalEntriesChecked: report.journalEntriesChecked ?? 0,
        firstBadSeq: report.firstBadSeq,
        firstBadJournalSeq: report.firstBadJournalSeq ?? null,
        findings: report.findings.map((f) => `${f.log === 'journal' ? 'journal ' : ''}${f.kind}@${f.seq ?? '-'}`),
        checkpointSize: report.checkpoint?.size ?? null,
        unsealed: report.unsealed,
      },
    ],
    'verify',
  );
  wrap(
    'export.run',
    (args, manifest) => [
      {
        file: manifest.file,
        format: manifest.format,
        rows: manifest.rows,
        sha256: manifest.sha256,
        manifestSha256: sha256File(manifestPath(args.path)),
      },
    ],
    'export',
  );
  return wrapped;
}
