// Verification of the case journal (docs/journal.md), with the same finding kinds as the events:
// each entry's bytes, leaf and derived columns; the chain; every journal checkpoint; the events
// each entry cites (their leaf hashes then) and the events checkpoint it saw (size and root).
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import { journalEntrySchema, type JournalEntry } from '../../shared/journal';
import type { Finding } from '../../shared/results';
import { checkCheckpoints } from './checkCheckpoints';
import { classifyBreaks } from './classifyBreaks';
import { chainHash, leafHash, ZERO_CHAIN } from './hash';
import { arrayReader, MerkleTree } from './merkleTree';
import type { VerifierKey } from './note';
import type { ChainBreak } from './scanRange';
import { checkAgainstWitness, type Witness } from './witness';
import type { Db } from '../store/db';
import {
  deriveJournalColumns,
  eventLeaves,
  journalEventLinks,
  journalOrigin,
  journalRows,
  type JournalRow,
} from '../store/journal';
import { storedCheckpoints } from '../store/proofRows';

/** What the journal says the events were: an events checkpoint size and root an entry saw. */
export interface EventPin {
  size: number;
  rootB64: string;
  entrySeq: number;
}

export interface JournalScan {
  rows: JournalRow[];
  pins: EventPin[];
}

/**
 * Reads the journal once; the pins' sizes are added to the event sizes whose roots are computed.
 * A pin is taken only from an entry that is what it claims to be: its bytes hash to its leaf, are
 * a valid journal entry and canonical. Any other row is reported against the journal at its
 * position by verifyJournal; a pin read from it would blame the events for the journal's damage.
 */
export function readJournal(db: Db): JournalScan {
  const rows = journalRows(db);
  const pins: EventPin[] = [];
  for (const row of rows) {
    const entry = row.seq >= 1 && leafHash(row.canon).equals(row.leaf) ? validEntry(row.canon) : null;
    const cp = entry?.eventsCheckpoint;
    if (cp && cp.size > 0) pins.push({ size: cp.size, rootB64: cp.root, entrySeq: row.seq });
  }
  return { rows, pins };
}

/** The entry these bytes hold when they are JSON, a valid journal entry and canonical; else null. */
function validEntry(canon: Buffer): JournalEntry | null {
  try {
    const text = canon.toString('utf8');
    const raw = JSON.parse(text) as JsonValue;
    const parsed = journalEntrySchema.safeParse(raw);
    return parsed.success && canonicalize(raw) === text ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface JournalVerdict {
  findings: Finding[];
  entriesChecked: number;
  unsealed: number;
}

const inJournal = (f: Finding): Finding => ({
  ...f,
  log: 'journal',
  message:
    'Journal: ' +
    f.message
      .replace(/\bEvents\b/g, 'Entries')
      .replace(/\bEvent\b/g, 'Entry')
      .replace(/\bevents\b/g, 'entries')
      .replace(/\bevent\b/g, 'entry')
      .replace(/\bstore\b/g, 'journal'),
});

export function verifyJournal(
  db: Db,
  scan: JournalScan,
  trusted: readonly VerifierKey[],
  eventRoots: ReadonlyMap<number, Buffer>,
  eventTotal: number,
  witness?: Witness,
): JournalVerdict {
  const findings: Finding[] = [];
  const modified = (seq: number, why: string): void => {
    findings.push({ kind: 'MODIFIED', seq, log: 'journal', message: `Journal entry ${seq} ${why}.` });
  };
  const links = journalEventLinks(db);
  const breaks: ChainBreak[] = [];
  const recent: { seq: number; chain: Buffer }[] = [];
  let prevSeq = 0;
  let prevChain = ZERO_CHAIN;
  const cited: { entrySeq: number; seq: number; leaf: string }[] = [];
  for (const row of scan.rows) {
    if (row.seq < 1) {
      findings.push({
        kind: 'INSERTED',
        seq: row.seq,
        log: 'journal',
        message: `Journal: a row with seq ${row.seq} was inserted: entries are numbered from 1.`,
      });
      continue;
    }
    if (row.seq > prevSeq + 1) {
      findings.push({
        kind: 'DELETED',
        seq: prevSeq + 1,
        log: 'journal',
        message: `Journal entries ${prevSeq + 1}${row.seq - 1 > prevSeq + 1 ? ` to ${row.seq - 1}` : ''} are missing.`,
      });
    } else if (!chainHash(prevChain, row.leaf).equals(row.chain)) {
      breaks.push({ seq: row.seq, prevSeq, leaf: row.leaf, chain: row.chain, prevChain, recent: [...recent] });
    }
    const bytesHold = leafHash(row.canon).equals(row.leaf);
    if (!bytesHold) modified(row.seq, 'no longer hashes to its leaf: its bytes were changed');
    let entry: JournalEntry | null = null;
    try {
      const raw = JSON.parse(row.canon.toString('utf8')) as JsonValue;
      const parsed = journalEntrySchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        modified(row.seq, `is not a valid journal entry (${issue.path.join('.')}: ${issue.message})`);
      } else if (canonicalize(raw) !== row.canon.toString('utf8')) {
        modified(row.seq, 'is not in canonical form');
      } else entry = parsed.data;
    } catch {
      modified(row.seq, 'is not JSON');
    }
    if (entry) {
      const derived = deriveJournalColumns(entry);
      const columns: [string, unknown, unknown][] = [
        ['entry ID', row.entry_id, entry.id],
        ['time', row.time, entry.time],
        ['analyst', row.analyst, entry.analyst],
        ['kind', row.kind, entry.kind],
        ['tag', row.tag, derived.tag],
        ['refers', row.refers, derived.refers],
      ];
      const wrong = columns.filter(([, stored, real]) => stored !== real).map(([name]) => name);
      if (wrong.length) modified(row.seq, `has ${wrong.join(', ')} column(s) that disagree with its bytes`);
      const listed = (links.get(row.seq) ?? []).join(',');
      if (listed !== entry.events.map((e) => e.seq).join(',')) {
        modified(row.seq, 'is linked to other events than it names (journal_events was edited)');
      }
      // Changed bytes are the journal's finding above: what they now cite says nothing of the events.
      if (bytesHold) for (const e of entry.events) cited.push({ entrySeq: row.seq, seq: e.seq, leaf: e.leaf });
    }
    recent.push({ seq: row.seq, chain: row.chain });
    if (recent.length > 16) recent.shift();
    prevSeq = row.seq;
    prevChain = row.chain;
  }
  findings.push(...classifyBreaks(breaks).map(inJournal));

  // The journal's own checkpoints, over the leaves as stored.
  const total = scan.rows.filter((r) => r.seq >= 1).length;
  const tree = new MerkleTree(total, arrayReader(scan.rows.filter((r) => r.seq >= 1).map((r) => r.leaf)), 4);
  const stored = storedCheckpoints(db, 'journal');
  const roots = new Map<number, Buffer>();
  for (const c of stored) if (c.size <= total) roots.set(c.size, tree.root(c.size));
  const verdict = checkCheckpoints(
    stored.map((c) => ({ label: `journal checkpoint #${c.id}`, note: c.note, stored: { size: c.size, root: c.root } })),
    trusted,
    journalOrigin(db),
    total,
    roots,
  );
  findings.push(...verdict.findings.map((f) => ({ ...f, log: 'journal' as const, message: `Journal: ${f.message}` })));
  // What this installation witnessed of the journal (every entry it wrote): an emptied or rewritten
  // journal, its checkpoints erased with it, is TRUNCATED or FORKED, never intact.
  const witnessed = witness?.read(journalOrigin(db)) ?? null;
  if (witnessed) {
    const vouched = verdict.checked.filter((c) => c.trusted && c.matches).map((c) => c.size);
    const rootAt = witnessed.size <= total ? tree.root(witnessed.size) : undefined;
    findings.push(
      ...checkAgainstWitness(witnessed, total, rootAt, vouched).map((f) => ({
        ...f,
        log: 'journal' as const,
        message: `Journal: ${f.message.replace(/\bevents\b/g, 'entries').replace(/\bstore\b/g, 'journal')}`,
      })),
    );
  }
  const sealed = Math.max(0, ...verdict.checked.filter((c) => c.trusted && c.matches).map((c) => c.size));

  // The events each entry cites must still be the events it saw, and the events checkpoint each
  // entry saw must still be the events' root at that size. Only an entry sealed by a trusted journal
  // checkpoint is evidence against the events: an unsealed one is a claim anyone holding the file
  // could have written, so its disagreement is reported against the journal, at that entry.
  const unsealedClaim = (entrySeq: number, kind: 'MODIFIED' | 'FORKED', what: string): void => {
    findings.push({
      kind,
      seq: entrySeq,
      log: 'journal',
      message: `Journal entry ${entrySeq}, not sealed by any trusted journal checkpoint, ${what}; either the entry or the events were changed, and an unsealed entry is no evidence against the events.`,
    });
  };
  const leaves = eventLeaves(db, [...new Set(cited.map((c) => c.seq))]);
  const reported = new Set<number>();
  for (const c of cited) {
    const now = leaves.get(c.seq);
    if (now?.toString('hex') === c.leaf) continue;
    if (c.entrySeq > sealed) {
      unsealedClaim(c.entrySeq, 'MODIFIED', `cites event ${c.seq} with a leaf the store's event no longer has`);
      continue;
    }
    if (reported.has(c.seq)) continue;
    reported.add(c.seq);
    findings.push({
      kind: now ? 'MODIFIED' : 'DELETED',
      seq: c.seq,
      message: now
        ? `Event ${c.seq} is not the event journal entry ${c.entrySeq} cites: its leaf was ${c.leaf.slice(0, 16)}… then.`
        : `Event ${c.seq}, cited by journal entry ${c.entrySeq}, is not in the store.`,
    });
  }
  for (const pin of readJournalPins(scan)) {
    const holds = pin.size <= eventTotal && eventRoots.get(pin.size)?.toString('base64') === pin.rootB64;
    if (holds) continue;
    if (pin.entrySeq > sealed) {
      unsealedClaim(pin.entrySeq, 'FORKED', `claims the events' root at size ${pin.size} was ${pin.rootB64}`);
    } else if (pin.size > eventTotal) {
      findings.push({
        kind: 'TRUNCATED',
        seq: eventTotal + 1,
        message: `Journal entry ${pin.entrySeq} saw ${pin.size} sealed events; the store holds ${eventTotal}.`,
      });
    } else {
      findings.push({
        kind: 'FORKED',
        seq: 1,
        message: `Journal entry ${pin.entrySeq} saw the events' root at size ${pin.size} as ${pin.rootB64}; the store's first ${pin.size} events now give another: that history was rewritten.`,
      });
    }
  }
  const unsealed = Math.max(0, total - sealed);
  if (unsealed > 0) {
    findings.push({
      kind: 'UNSEALED_TAIL',
      seq: sealed + 1,
      log: 'journal',
      message: `Journal entries after ${sealed} (${unsealed}) are not yet sealed by a trusted journal checkpoint.`,
    });
  }
  return { findings, entriesChecked: total, unsealed };
}

function readJournalPins(scan: JournalScan): EventPin[] {
  // One check per distinct size and root is enough.
  const seen = new Set<string>();
  return scan.pins.filter((p) => {
    const key = `${p.size}:${p.rootB64}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
