// Verification of a store, integrity.md §6: one pass over the events (in parallel runs when large),
// then the chain breaks, every checkpoint, the keyword index and the tables' indexes. Carries on past every finding.
import type { Finding, VerifyReport } from '../../shared/results';
import { eventCount, getMeta, StoreError, type Db } from '../store/db';
import { countHistoryRows, seqsBeforeHistory, storedCheckpointRows, tableIndexProblems } from '../store/verifyRows';
import { checkOutsideRoots, type OutsideRoot } from './checkOutsideRoots';
import { checkCheckpoints, type CheckpointSource } from './checkCheckpoints';
import { checkSearchIndex } from './checkSearchIndex';
import { checkTableIndexes } from './checkTableIndexes';
import { classifyBreaks } from './classifyBreaks';
import { parseCheckpointNote, parseVerifierKey, type VerifierKey } from './note';
import { checkIndexInWorker, PARALLEL_THRESHOLD, scanStore, type IndexChecks } from './runScans';
import { joinRoots } from './scanRange';
import { checkAgainstWitness, type Witness } from './witness';
import { schemaDifferences } from '../store/schema';
import { dropPageCache, replacedSinceOpen } from '../store/storeStamp';
import { readJournal, verifyJournal } from './verifyJournal';

export interface VerifyOptions {
  /** This installation's verifier key: its signatures are trusted. */
  ownVerifierKey: string;
  /** Keys the user pinned: their signatures are trusted too. */
  trustedKeys: string[];
  /** Checkpoint notes kept outside the store (files the user gives). */
  outsideCheckpoints: string[];
  /** Size and root pasted by the user from a record kept elsewhere (integrity.md §6.4), unsigned. */
  outsideRoots?: OutsideRoot[];
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** Worker threads for the row pass (default: one per CPU from 200,000 events; 0 = none). */
  workers?: number;
  /** Merkle block (2^blockLevel leaves) parallel runs are aligned to; tests use small blocks. */
  blockLevel?: number;
  /** Told when worker threads could not run and the pass fell back to this thread. */
  onWorkerFailure?(err: Error): void;
  /**
   * This installation's witness record: the store is checked against the largest checkpoint
   * witnessed for its origin. Omitted: not checked (the report's `witness` is null).
   */
  witness?: Witness;
  /**
   * Given the roots of the complete Merkle blocks (2^blockLevel stored leaves each, in order) the
   * row pass computed, so a caller that makes proofs afterwards (the report) need not hash every
   * leaf again.
   */
  onBlockRoots?(blockRoots: Buffer[], blockLevel: number): void;
}

export { VerifyCancelledError } from './runScans';

const ORDER = [
  'DELETED',
  'INSERTED',
  'REORDERED',
  'MODIFIED',
  'TRUNCATED',
  'FORKED',
  'BAD_SIGNATURE',
  'UNTRUSTED_KEY',
  'UNSEALED_TAIL',
  'SCHEMA',
];

function sizesOf(notes: readonly string[]): number[] {
  const sizes: number[] = [];
  for (const note of notes) {
    try {
      sizes.push(parseCheckpointNote(note).size);
    } catch {
      // Unreadable notes are reported by checkCheckpoints.
    }
  }
  return sizes;
}

/** The view and index keyword search is defined by: FTS5's own check is believed only while both are SignTrail's. */
const SEARCH_OBJECTS = new Set(['view events_fts_source', 'table events_fts']);

/**
 * The first seq shown bad. A FORKED finding says only that something in fromSeq..toSeq changed: it
 * gives the place only when no other finding names a more precise one inside that range.
 */
function firstBadSeq(bad: readonly Finding[]): number | null {
  const precise = bad.filter((f) => f.kind !== 'FORKED' && f.seq !== null);
  let min: number | null = null;
  for (const f of bad) {
    if (f.seq === null) continue;
    if (f.kind === 'FORKED') {
      const from = f.fromSeq ?? f.seq;
      const to = f.toSeq ?? Infinity;
      if (precise.some((p) => p.seq! >= from && p.seq! <= to)) continue;
    }
    if (min === null || f.seq < min) min = f.seq;
  }
  return min;
}

export async function verifyStore(db: Db, options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  // The file this connection reads must still be the one at its path: a verification names the path.
  if (replacedSinceOpen(db))
    throw new StoreError(
      `The case file ${db.name} is no longer the file SignTrail opened: another file was renamed or moved over it since. Nothing verified now would be about the file at that path: open the case again.`,
    );
  // Read what the files hold now, not pages this connection cached before another program changed them.
  dropPageCache(db);
  const own = parseVerifierKey(options.ownVerifierKey);
  const trusted: VerifierKey[] = [own, ...options.trustedKeys.map((k) => parseVerifierKey(k))];
  // The index checks (the longest single pieces) need nothing from this thread: they start first,
  // on their own thread, so they run beside the counting and planning below and then the scans.
  const highest = eventCount(db); // the highest seq (one B-tree descent), not a count of rows
  const parallel = options.workers ?? (highest >= PARALLEL_THRESHOLD ? 1 : 0);
  const indexStop = new AbortController();
  const stopIndex = (): void => indexStop.abort();
  options.signal?.addEventListener('abort', stopIndex, { once: true });
  const indexOutcome = parallel > 0 ? checkIndexInWorker(db, indexStop.signal) : Promise.resolve(null);
  indexOutcome.catch(() => undefined); // awaited below; a rejection now must not go unhandled meanwhile
  try {
    return await verifyWithIndexChecks(db, options, own, trusted, highest, indexOutcome, started);
  } finally {
    options.signal?.removeEventListener('abort', stopIndex);
    indexStop.abort(); // no-op once the checks are in; stops the thread when verification failed first
  }
}

async function verifyWithIndexChecks(
  db: Db,
  options: VerifyOptions,
  own: VerifierKey,
  trusted: VerifierKey[],
  highest: number,
  indexOutcome: Promise<IndexChecks | null>,
  started: number,
): Promise<VerifyReport> {
  // History is numbered from 1; a row below that is outside every scan, so it is reported here.
  const total = countHistoryRows(db);
  const beforeHistory = seqsBeforeHistory(db);
  const origin = getMeta(db, 'origin');
  const stored = storedCheckpointRows(db);
  const sources: CheckpointSource[] = [
    ...stored.map((c) => ({
      label: `checkpoint #${c.id} in the store`,
      note: c.note,
      stored: { size: c.size, root: c.root },
    })),
    ...options.outsideCheckpoints.map((note, i) => ({ label: `outside checkpoint ${i + 1}`, note })),
  ];
  const blockLevel = options.blockLevel ?? 16;
  const pasted = options.outsideRoots ?? [];
  const witnessed = origin !== null ? (options.witness?.read(origin) ?? null) : null;
  const journal = readJournal(db);
  const sizes = [
    ...new Set([
      ...sizesOf(sources.map((s) => s.note)),
      ...pasted.map((r) => r.size),
      ...(witnessed ? [witnessed.size] : []),
      ...journal.pins.map((p) => p.size),
    ]),
  ].filter((s) => s > 0 && s <= total);
  // The schema against the migrations' (item 1 of docs/threat-model.md): named, never run.
  const schema = schemaDifferences(db);

  const scans = await scanStore(db, total, {
    sizes,
    workers: options.workers,
    blockLevel,
    signal: options.signal,
    onProgress: options.onProgress,
    onWorkerFailure: options.onWorkerFailure,
    // Seqs 1..total exactly: the runs' starting rows are found by key.
    contiguous: beforeHistory.length === 0 && highest === total,
  });
  const roots = joinRoots(scans, blockLevel);
  options.onBlockRoots?.(
    scans.flatMap((s) => s.blockRoots),
    blockLevel,
  );
  const eventsChecked = scans.reduce((n, s) => n + s.rows, 0);
  const lastSeq = scans.length ? scans[scans.length - 1].lastSeq : 0;

  const findings: Finding[] = scans.flatMap((s) => s.findings);
  for (const seq of beforeHistory) {
    findings.push({
      kind: 'INSERTED',
      seq,
      message: `A row with seq ${seq} was inserted: events are numbered from 1, so it belongs to no import.`,
    });
  }
  findings.push(...classifyBreaks(scans.flatMap((s) => s.breaks)));
  const verdict = checkCheckpoints(sources, trusted, origin, total, roots);
  findings.push(...verdict.findings);
  const vouched = verdict.checked.filter((c) => c.trusted && c.matches).map((c) => c.size);
  findings.push(...checkOutsideRoots(pasted, total, roots, vouched));
  const indexChecks = await indexOutcome;
  findings.push(...checkSearchIndex(db, indexChecks?.outcome, !schema.some((d) => SEARCH_OBJECTS.has(d.object))));
  // The B-tree indexes the report's checks and the views read through. A schema that differs is
  // already a SCHEMA finding; its indexes are not the migrations', so they are not checked.
  if (schema.length === 0) findings.push(...checkTableIndexes(indexChecks?.tables ?? tableIndexProblems(db)));
  for (const d of schema) {
    findings.push({
      kind: 'SCHEMA',
      seq: null,
      object: d.object,
      message: `The store's schema differs from what SignTrail makes: ${d.message} The file was changed outside SignTrail; it is refused for writing.`,
    });
  }
  const witnessFindings = witnessed ? checkAgainstWitness(witnessed, total, roots.get(witnessed.size), vouched) : [];
  findings.push(...witnessFindings);

  const journalVerdict = verifyJournal(db, journal, trusted, roots, total, options.witness);
  findings.push(...journalVerdict.findings);

  const sealedBy = verdict.checked.filter((c) => c.trusted && c.matches).sort((a, b) => b.size - a.size)[0];
  const sealed = sealedBy?.size ?? 0;
  const unsealed = Math.max(0, total - sealed);
  if (unsealed > 0) {
    findings.push({
      kind: 'UNSEALED_TAIL',
      seq: sealed + 1,
      message:
        sealed === 0
          ? `None of the ${total} events is sealed by a trusted checkpoint yet.`
          : `Events after ${sealed} (${unsealed}, up to ${lastSeq}) are not yet sealed by a trusted checkpoint.`,
    });
  }
  const inJournal = (f: Finding): number => (f.log === 'journal' ? 1 : 0);
  findings.sort(
    (a, b) =>
      inJournal(a) - inJournal(b) ||
      (a.seq ?? Infinity) - (b.seq ?? Infinity) ||
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind),
  );

  const shown = sealedBy ?? verdict.checked.filter((c) => c.matches).sort((a, b) => b.size - a.size)[0];
  const bad = findings.filter((f) => f.kind !== 'UNSEALED_TAIL');
  return {
    ok: bad.length === 0,
    verdict: bad.length > 0 ? 'broken' : unsealed > 0 || journalVerdict.unsealed > 0 ? 'unsealed' : 'intact',
    eventsChecked,
    firstBadSeq: firstBadSeq(bad.filter((f) => f.log !== 'journal')),
    findings,
    checkpoint: shown
      ? {
          origin: shown.origin,
          size: shown.size,
          rootB64: shown.rootB64,
          keyName: shown.keyName,
          keyFingerprint: shown.keyFingerprint,
          trusted: shown.trusted,
        }
      : null,
    keyFingerprint: own.fingerprint,
    unsealed,
    witness:
      origin !== null && options.witness
        ? {
            state: !witnessed ? 'first-seen' : witnessFindings.length ? 'failed' : 'consistent',
            origin,
            size: witnessed?.size ?? null,
            rootB64: witnessed?.rootB64 ?? null,
            time: witnessed?.time ?? null,
          }
        : null,
    journalEntriesChecked: journalVerdict.entriesChecked,
    journalUnsealed: journalVerdict.unsealed,
    firstBadJournalSeq: firstBadSeq(bad.filter((f) => f.log === 'journal')),
    durationMs: Math.round(performance.now() - started),
  };
}
