// `signtrail tag | untag | comment | star | unstar | note | journal | searches | questions | prove | evidence`: the case journal,
// proofs of single events and evidence packages (docs/journal.md, docs/evidence.md).
import fs from 'node:fs';
import type { JsonValue } from '../../shared/event';
import type { JournalEntryView } from '../../shared/journal';
import { callChannel, withService } from './callChannel';
import type { Command, CommandContext } from './commands';
import { FILTER_HELP, FILTER_OPTIONS, filterFromFlags } from './filters';
import { flags, requireExistingStore, UsageError } from './usage';
import { oneLine } from './print';

const STORE = { store: { type: 'string' }, json: { type: 'boolean' } } as const;
const EVENT = { event: { type: 'string', multiple: true } } as const;
const EVENT_HELP = `  --event ID         the event: its ID, or seq:N; repeat for several`;

function events(values: { event?: string[] }): string[] {
  if (!values.event?.length) throw new UsageError('--event ID (or seq:N) is required.');
  return values.event;
}

function describe(entry: JournalEntryView): string {
  const b = entry.body as Record<string, JsonValue>;
  const text = typeof b.text === 'string' ? b.text : typeof b.name === 'string' ? b.name : '';
  const evs = entry.events.length ? ` [events ${entry.events.map((e) => e.seq).join(', ')}]` : '';
  const marks = `${entry.retractedBy ? ' (retracted)' : ''}${entry.amendedBy.length ? ' (amended)' : ''}`;
  return [entry.seq, entry.time, entry.analyst, entry.kind, `${text}${evs}${marks}`, entry.id]
    .map((field) => oneLine(String(field)))
    .join('\t');
}

async function add(
  argv: string[],
  ctx: CommandContext,
  kind: 'tag' | 'untag' | 'comment' | 'star' | 'unstar',
  extra: Record<string, { type: 'string' }>,
  body: (values: Record<string, string | undefined>) => Record<string, JsonValue>,
): Promise<void> {
  const { values } = flags(argv, { ...STORE, ...EVENT, ...extra });
  const store = requireExistingStore(values);
  const refs = events(values);
  const entry = await withService(store, (s) =>
    callChannel(
      s,
      'journal.add',
      { kind, body: body(values as Record<string, string | undefined>), events: refs },
      ctx.io,
    ),
  );
  if (values.json) ctx.io.out(JSON.stringify(entry, null, 2));
  else
    ctx.io.out(
      `Journal entry ${entry.seq} (${entry.kind}) on event(s) ${entry.events.map((e) => e.seq).join(', ')}: ${entry.id}`,
    );
}

const tagCommand: Command = {
  summary: 'tag events in the case journal',
  help: `Usage: signtrail tag --store FILE --event ID --tag NAME [--note TEXT] [--description TEXT] [--colour #rrggbb] [--json]

Writes a tag entry to the case journal (signed, append-only). Remove a tag with "signtrail untag".

${EVENT_HELP}
  --tag NAME         the tag
  --note TEXT        why, in a sentence
  --description TEXT what the tag means; --colour #rrggbb how the app shows it`,
  run: (argv, ctx) =>
    add(
      argv,
      ctx,
      'tag',
      {
        tag: { type: 'string' },
        note: { type: 'string' },
        description: { type: 'string' },
        colour: { type: 'string' },
      },
      (v) => {
        if (!v.tag) throw new UsageError('--tag NAME is required.');
        return {
          name: v.tag,
          ...(v.note ? { note: v.note } : {}),
          ...(v.description ? { description: v.description } : {}),
          ...(v.colour ? { colour: v.colour } : {}),
        };
      },
    ),
};

const untagCommand: Command = {
  summary: 'remove a tag from events (a new journal entry; nothing is deleted)',
  help: `Usage: signtrail untag --store FILE --event ID --tag NAME [--json]

${EVENT_HELP}`,
  run: (argv, ctx) =>
    add(argv, ctx, 'untag', { tag: { type: 'string' } }, (v) => {
      if (!v.tag) throw new UsageError('--tag NAME is required.');
      return { name: v.tag };
    }),
};

const commentCommand: Command = {
  summary: 'comment on events in the case journal',
  help: `Usage: signtrail comment --store FILE --event ID --text TEXT [--json]

${EVENT_HELP}`,
  run: (argv, ctx) =>
    add(argv, ctx, 'comment', { text: { type: 'string' } }, (v) => {
      if (!v.text) throw new UsageError('--text TEXT is required.');
      return { text: v.text };
    }),
};

const starCommand: Command = {
  summary: 'star events in the case journal',
  help: `Usage: signtrail star --store FILE --event ID [--json]

${EVENT_HELP}`,
  run: (argv, ctx) => add(argv, ctx, 'star', {}, () => ({})),
};

const unstarCommand: Command = {
  summary: 'unstar events (a new journal entry)',
  help: `Usage: signtrail unstar --store FILE --event ID [--json]

${EVENT_HELP}`,
  run: (argv, ctx) => add(argv, ctx, 'unstar', {}, () => ({})),
};

const journalCommand: Command = {
  summary: "print the case journal: the investigators' entries, oldest first",
  help: `Usage: signtrail journal --store FILE [--kind K]... [--analyst NAME] [--tag NAME] [--json]

Prints every entry: seq, time, analyst, kind, text, the events it concerns, its ID.
Question, conclusion, amend and retract entries are written with "signtrail note".`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      ...STORE,
      kind: { type: 'string', multiple: true },
      analyst: { type: 'string' },
      tag: { type: 'string' },
    });
    const store = requireExistingStore(values);
    const entries = await withService(store, (s) =>
      callChannel(s, 'journal.list', { kinds: values.kind as never, analyst: values.analyst, tag: values.tag }, ctx.io),
    );
    if (values.json) ctx.io.out(JSON.stringify(entries, null, 2));
    else {
      for (const e of entries) ctx.io.out(describe(e));
      ctx.io.out(`${entries.length} journal entries.`);
    }
  },
};

const noteCommand: Command = {
  summary: 'write a question, conclusion, entity note, saved search, amend or retract entry',
  help: `Usage: signtrail note --store FILE --kind KIND [--text TEXT] [--event ID]... [options] [--json]

  --kind question       --text TEXT
  --kind conclusion     --question ENTRY-ID --text TEXT, citing events with --event
  --kind entity-note    --entity TYPE:ID (key, certificate, actor, agent, policy) --text TEXT
  --kind saved-search   --name NAME --filter JSON (the filter the app and "query" use)
  --kind amend          --entry ENTRY-ID --text TEXT   (corrects an entry; the original stays)
  --kind retract        --entry ENTRY-ID [--text REASON]`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      ...STORE,
      ...EVENT,
      kind: { type: 'string' },
      text: { type: 'string' },
      question: { type: 'string' },
      entity: { type: 'string' },
      name: { type: 'string' },
      filter: { type: 'string' },
      entry: { type: 'string' },
    });
    const store = requireExistingStore(values);
    const kind = values.kind;
    let body: Record<string, JsonValue>;
    if (kind === 'question') body = { text: values.text ?? '' };
    else if (kind === 'conclusion') body = { question: values.question ?? '', text: values.text ?? '' };
    else if (kind === 'entity-note') {
      const [type, ...id] = (values.entity ?? '').split(':');
      body = { entity: { type, id: id.join(':') }, text: values.text ?? '' };
    } else if (kind === 'saved-search') {
      let filter: JsonValue;
      try {
        filter = JSON.parse(values.filter ?? '{}') as JsonValue;
      } catch {
        throw new UsageError('--filter must be JSON, e.g. {"statuses":["DENIED"]}.');
      }
      body = { name: values.name ?? '', filter };
    } else if (kind === 'amend') body = { entry: values.entry ?? '', text: values.text ?? '' };
    else if (kind === 'retract') body = { entry: values.entry ?? '', ...(values.text ? { reason: values.text } : {}) };
    else throw new UsageError('--kind must be question, conclusion, entity-note, saved-search, amend or retract.');
    const entry = await withService(store, (s) =>
      callChannel(s, 'journal.add', { kind, body, events: values.event ?? [] }, ctx.io),
    );
    if (values.json) ctx.io.out(JSON.stringify(entry, null, 2));
    else ctx.io.out(`Journal entry ${entry.seq} (${entry.kind}): ${entry.id}`);
  },
};

const proveCommand: Command = {
  summary: 'write a proof that an event is in the signed log, or that the log only grew',
  help: `Usage: signtrail prove --store FILE --event ID|seq:N [--out FILE]
       signtrail prove --store FILE --from-size A [--to-size B] [--out FILE]

--event: a c2sp.org/tlog-proof@v1 inclusion proof of the event against the newest checkpoint
(index = seq - 1). With --out, the event's canonical bytes go to FILE.event beside it (exactly
those bytes: leaf = SHA-256(0x00 || bytes)). Without --out, the proof goes to standard output.

--from-size: an RFC 9162 consistency proof from the checkpoint of size A to the one of size B
(default: the newest), with both checkpoints (format in docs/integrity.md).

  --journal          prove a journal entry (--event ENTRY-ID or seq:N) instead of an event

Exit status: 0 written, 1 the event is not sealed yet or the case fails its checks, 2 usage error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      store: { type: 'string' },
      event: { type: 'string' },
      out: { type: 'string' },
      'from-size': { type: 'string' },
      'to-size': { type: 'string' },
      journal: { type: 'boolean' },
    });
    const store = requireExistingStore(values);
    const log = values.journal ? 'journal' : 'events';
    if ((values.event === undefined) === (values['from-size'] === undefined)) {
      throw new UsageError('give either --event ID (or seq:N) or --from-size A.');
    }
    const size = (flag: string, text: string | undefined): number | undefined => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < 1)
        throw new UsageError(`${flag} must be a whole number from 1, not "${text}".`);
      return n;
    };
    if (values.event !== undefined) {
      const event = values.event;
      const proof = await withService(store, (s) => callChannel(s, 'proof.event', { event, log }, ctx.io));
      if (!values.out) {
        ctx.io.out(proof.proof.replace(/\n$/, ''));
        return;
      }
      writeAtomically(values.out + '.event', Buffer.from(proof.canon, 'utf8'));
      writeAtomically(values.out, Buffer.from(proof.proof, 'utf8'));
      ctx.io.out(
        `Proof for ${log === 'events' ? 'event' : 'journal entry'} seq ${proof.seq} (index ${proof.index}) against the checkpoint of size ${proof.checkpointSize}: ${values.out}, bytes in ${values.out}.event`,
      );
      return;
    }
    const fromSize = size('--from-size', values['from-size']) as number;
    const toSize = size('--to-size', values['to-size']);
    const result = await withService(store, (s) =>
      callChannel(s, 'proof.consistency', { fromSize, toSize, log }, ctx.io),
    );
    if (!values.out) ctx.io.out(result.proof.replace(/\n$/, ''));
    else {
      writeAtomically(values.out, Buffer.from(result.proof, 'utf8'));
      ctx.io.out(`Consistency proof from size ${result.fromSize} to ${result.toSize}: ${values.out}`);
    }
  },
};

function writeAtomically(file: string, bytes: Buffer): void {
  const temp = `${file}.partial`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}

const evidenceCommand: Command = {
  summary: 'write an evidence package: events, proofs, journal, verify.mjs',
  help: `Usage: signtrail evidence --store FILE --out DIR [filters] [--json]

Writes DIR (which must not exist): the events the filter selects with a c2sp.org/tlog-proof for
each, the checkpoint and verifier key, the journal entries about them with their proofs, a
consistency proof from the oldest to the newest checkpoint, a signed manifest, README.txt and
verify.mjs. The recipient runs "node verify.mjs DIR". See docs/evidence.md.

${FILTER_HELP}`,
  async run(argv, ctx) {
    const { values } = flags(argv, { ...STORE, out: { type: 'string' }, ...FILTER_OPTIONS });
    const store = requireExistingStore(values);
    if (!values.out) throw new UsageError('--out DIR is required: a folder that does not exist yet.');
    const filter = filterFromFlags(values);
    const out = values.out;
    const summary = await withService(store, (s) => callChannel(s, 'evidence.make', { filter, out }, ctx.io));
    if (values.json) ctx.io.out(JSON.stringify(summary, null, 2));
    else
      ctx.io.out(
        `Evidence package ${summary.folder}: ${summary.events} events, ${summary.journalEntries} journal entries, proven against the checkpoint of size ${summary.checkpointSize}. Check it with: node ${summary.folder}/verify.mjs ${summary.folder}`,
      );
  },
};

const searchesCommand: Command = {
  summary: 'list the saved searches in the case journal, each filter checked against the filter contract',
  help: `Usage: signtrail searches --store FILE [--json]

Prints the saved searches not retracted, newest first: name, analyst, time, the filter as JSON and
the entry ID. A filter that does not pass the filter contract (a crafted case file) is printed as
refused, with the field and the reason. Save one with "signtrail note --kind saved-search".`,
  async run(argv, ctx) {
    const { values } = flags(argv, STORE);
    const store = requireExistingStore(values);
    const list = await withService(store, (s) => callChannel(s, 'journal.savedSearches', {}, ctx.io));
    if (values.json) ctx.io.out(JSON.stringify(list, null, 2));
    else {
      for (const s of list)
        ctx.io.out(
          [s.name, s.analyst, s.time, s.filter ? JSON.stringify(s.filter) : `REFUSED: ${s.problem ?? ''}`, s.id]
            .map((field) => oneLine(field))
            .join('\t'),
        );
      ctx.io.out(`${list.length} saved searches.`);
    }
  },
};

const questionsCommand: Command = {
  summary: 'list the questions in the case journal with their conclusions and the events they cite',
  help: `Usage: signtrail questions --store FILE [--json]

Prints each question not retracted (open or answered), then its conclusions and the events cited.
Ask with "signtrail note --kind question", answer with "signtrail note --kind conclusion".`,
  async run(argv, ctx) {
    const { values } = flags(argv, STORE);
    const store = requireExistingStore(values);
    const list = await withService(store, (s) => callChannel(s, 'journal.questions', {}, ctx.io));
    if (values.json) ctx.io.out(JSON.stringify(list, null, 2));
    else {
      for (const q of list) {
        const state = q.conclusions.length ? 'answered' : 'open';
        ctx.io.out(
          [state, q.analyst, q.time, q.text, `events ${q.events.join(', ') || '-'}`, q.id].map(oneLine).join('\t'),
        );
        for (const c of q.conclusions)
          ctx.io.out(
            ['  conclusion', c.analyst, c.time, c.text, `events ${c.events.join(', ') || '-'}`, c.id]
              .map(oneLine)
              .join('\t'),
          );
      }
      ctx.io.out(`${list.length} questions.`);
    }
  },
};

export const JOURNAL_COMMANDS: Record<string, Command> = {
  tag: tagCommand,
  untag: untagCommand,
  comment: commentCommand,
  star: starCommand,
  unstar: unstarCommand,
  note: noteCommand,
  journal: journalCommand,
  searches: searchesCommand,
  questions: questionsCommand,
  prove: proveCommand,
  evidence: evidenceCommand,
};
