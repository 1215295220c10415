// `signtrail sources` and `signtrail sync`: keep a case current from the platform's API and drop folders.
import { signTrailHome } from '../integrity/keys';
import { homeConfirmations } from '../sync/confirmations';
import { getMeta } from '../store/db';
import { openStore, type Db } from '../store/db';
import { SyncError } from '../sync/errors';
import type { SyncRunDetail } from '../sync/report';
import { addSource, findSource, listSources, toView } from '../sync/sources';
import { callChannel, withService } from './callChannel';
import type { Command, CommandContext } from './commands';
import { FindingExit, flags, requireExistingStore, requireStore, UsageError } from './usage';

type Io = CommandContext['io'];

function openCase(store: string | undefined, create: boolean): Db {
  return openStore(create ? requireStore({ store }) : requireExistingStore({ store }));
}

/** Configuration mistakes are usage errors (exit 2) with the sentence the sync module wrote. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SyncError && err.kind === 'config') throw new UsageError(err.message);
    throw err;
  }
}

const SOURCE_OPTIONS = {
  store: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  url: { type: 'string' },
  folder: { type: 'string' },
  'token-env': { type: 'string' },
  'token-file': { type: 'string' },
  'ca-file': { type: 'string' },
} as const;

export const sourcesCommand: Command = {
  summary: 'add, list or remove the sources a case syncs from (audit API, drop folder)',
  help: `Usage: signtrail sources add --store FILE --name NAME --url URL [--token-env VAR | --token-file FILE] [--ca-file FILE]
       signtrail sources add --store FILE --name NAME --folder DIR
       signtrail sources list --store FILE [--json]
       signtrail sources remove --store FILE --name NAME
       signtrail sources confirm --store FILE --name NAME

A source is the platform's audit API (pages of events after a cursor) or a folder where export
files are dropped. "signtrail sync" takes what is new from each.

  --url URL          the audit API: https://, or http:// to this machine only
  --token-env VAR    read the bearer token from the environment variable VAR at each sync
  --token-file FILE  read it from FILE, which must have mode 0600 (chmod 600 FILE)
  --ca-file FILE     also trust this CA certificate (PEM), for a corporate PKI
  --folder DIR       import each new or grown file of DIR, once per content

The token itself is never written into the store, only the variable's name or the file's path.
Removing a source keeps the events it brought (the store is append-only).

A source runs only once this installation confirmed it: the case file may come from someone else,
and its URL and token place decide where your token is sent. Adding a source confirms it; a
source that came with a case, or whose URL, token place, CA file or folder changed since, is
refused by "signtrail sync" until you run "sources confirm" (it prints what you confirm). The
confirmations are kept in the SignTrail home folder, not in the case.

Exit status: 0 done, 2 usage error (bad URL, unreadable or group-readable token file, ...).`,
  async run(argv, ctx) {
    const [action, ...rest] = argv;
    const { values } = flags(rest, SOURCE_OPTIONS);
    if (action === 'add') return addCommand(values, ctx.io);
    if (action === 'list') return listCommand(values, ctx.io);
    if (action === 'remove') return removeCommand(values, ctx.io);
    if (action === 'confirm') return confirmCommand(values, ctx.io);
    throw new UsageError(
      `say what to do with sources: add, list, remove or confirm${action ? `, not "${action}"` : ''}.`,
    );
  },
};

type SourceFlags = {
  [K in keyof typeof SOURCE_OPTIONS]?: (typeof SOURCE_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

function addCommand(values: SourceFlags, io: Io): void {
  if (!values.name) throw new UsageError('--name NAME is required: how this source is called in the case.');
  if (!values.url && !values.folder)
    throw new UsageError('give --url URL (the audit API) or --folder DIR (a drop folder).');
  const db = openCase(values.store, true);
  try {
    const source = asUsage(() =>
      addSource(db, {
        name: values.name!,
        url: values.url,
        folder: values.folder,
        tokenEnv: values['token-env'],
        tokenFile: values['token-file'],
        caFile: values['ca-file'],
      }),
    );
    homeConfirmations(signTrailHome()).confirm(getMeta(db, 'origin') ?? '', source);
    if (values.json) io.out(JSON.stringify(toView(source), null, 2));
    else
      io.out(
        `Added ${source.kind} source ${source.name}: ${source.location}. Run "signtrail sync --store ${values.store} --source ${source.name}".`,
      );
  } finally {
    db.close();
  }
}

async function listCommand(values: SourceFlags, io: Io): Promise<void> {
  const sources = await withService(requireExistingStore(values), (s) => callChannel(s, 'sync.sources', {}, io));
  if (values.json) return io.out(JSON.stringify(sources, null, 2));
  if (sources.length === 0) return io.out('This case has no sources. Add one with "signtrail sources add".');
  for (const s of sources) {
    const last = s.lastRunAt ? `last sync ${s.lastRunAt}, ${s.lastAppended ?? 0} events added` : 'never synced';
    io.out(`${s.name}  ${s.kind}  ${s.location}  (${last})${s.confirmed ? '' : '  NOT CONFIRMED here'}`);
    if (s.lastError) io.out(`  last error: ${s.lastError}`);
  }
}

async function removeCommand(values: SourceFlags, io: Io): Promise<void> {
  if (!values.name) throw new UsageError('--name NAME is required: the source to remove.');
  const name = values.name;
  const { removed } = await withService(requireExistingStore(values), (s) =>
    callChannel(s, 'sync.removeSource', { name }, io),
  );
  if (!removed) throw new UsageError(`this case has no source named ${name}. List them with "signtrail sources list".`);
  io.out(`Removed source ${name}; the events it brought stay in the case.`);
}

function confirmCommand(values: SourceFlags, io: Io): void {
  if (!values.name) throw new UsageError('--name NAME is required: the source to confirm.');
  const db = openCase(values.store, false);
  try {
    const source = findSource(db, values.name);
    if (!source)
      throw new UsageError(`this case has no source named ${values.name}. List them with "signtrail sources list".`);
    const confirmations = homeConfirmations(signTrailHome());
    confirmations.confirm(getMeta(db, 'origin') ?? '', source);
    io.out(`Confirmed source ${source.name} on this installation: ${confirmations.describe(source)}.`);
  } finally {
    db.close();
  }
}

export const syncCommand: Command = {
  summary: "take what is new from the case's sources (audit API pages, dropped files)",
  help: `Usage: signtrail sync --store FILE [--source NAME] [--json]

Syncs one source, or all of them. Each API page is stored in one transaction together with the
cursor after it: an interrupted sync resumes from the last stored page, with no gap and no
duplicate. Timeouts, 5xx answers and cut connections are retried with backoff; a refused token
(401/403) or a malformed page stops the sync and says where. A checkpoint is signed after each
page or file that adds events.

Tokens come from the variable or 0600 file the source names (see "signtrail sources --help").

Exit status: 0 all sources synced, 1 a page or file was refused or an event conflicts,
2 usage error or a source that could not be reached (network, TLS, token).`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      store: { type: 'string' },
      json: { type: 'boolean' },
      source: { type: 'string' },
    });
    const db = openCase(values.store, false);
    try {
      if (values.source && !findSource(db, values.source)) {
        throw new UsageError(
          `this case has no source named ${values.source}. List them with "signtrail sources list".`,
        );
      }
      if (!values.source && listSources(db).length === 0)
        throw new UsageError('this case has no sources. Add one with "signtrail sources add".');
    } finally {
      db.close();
    }
    const reports = await withService(values.store!, (s) =>
      callChannel(s, 'sync.run', { source: values.source }, ctx.io),
    );
    if (values.json) ctx.io.out(JSON.stringify(reports, null, 2));
    else for (const r of reports) printSyncReport(r, ctx.io);
    const failed = reports.filter((r) => r.errorKind !== null && r.errorKind !== 'malformed');
    if (failed.length)
      throw new Error(`${failed.map((r) => r.source).join(', ')} could not be synced; see the message above.`);
    if (reports.some((r) => r.errorKind === 'malformed' || r.conflicts > 0)) throw new FindingExit();
  },
};

export function printSyncReport(r: SyncRunDetail, io: Io): void {
  const n = (x: number) => x.toLocaleString('en');
  const where =
    r.kind === 'http'
      ? `${n(r.pages)} page${r.pages === 1 ? '' : 's'}, cursor ${r.cursor ?? '(start)'}`
      : `${n(r.files)} file${r.files === 1 ? '' : 's'}`;
  io.out(
    `${r.source}: ${n(r.appended)} events added, ${n(r.duplicates)} already present, ${n(r.conflicts)} conflicts (${where}).`,
  );
  for (const c of r.conflictReports.slice(0, 10))
    io.out(`  conflict: event ${c.eventId} was served again with other content; the stored one is kept.`);
  for (const file of r.pending) io.out(`  pending: ${file} is still being written; it is taken on a later sync.`);
  if (r.error) io.err(`${r.source}: ${r.error}`);
}

export const SYNC_COMMANDS: Record<string, Command> = { sources: sourcesCommand, sync: syncCommand };
