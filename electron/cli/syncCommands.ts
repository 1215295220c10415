// `signtrail sources` and `signtrail sync`: keep a case current from the platform's API and drop
// folders. Transport only: every step is a channel sent through the service's dispatcher.
import { errorCode } from '../../shared/errors';
import type { SyncRunReport } from '../../shared/sync';
import { callChannel, withService } from './callChannel';
import type { Command, CommandContext } from './commands';
import { FindingExit, flags, requireExistingStore, requireStore, UsageError } from './usage';

type Io = CommandContext['io'];

/**
 * A source the user described wrongly is a usage error (exit 2) with the service's sentence: the
 * schema's (InvalidArgumentsError) or the sync module's configuration refusal (SyncError 'config').
 */
async function asUsage<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'InvalidArgumentsError' || (code === 'SyncError' && (err as { kind?: unknown }).kind === 'config'))
      throw new UsageError((err as Error).message);
    throw err;
  }
}

function noSuchSource(name: string): UsageError {
  return new UsageError(`this case has no source named ${name}. List them with "signtrail sources list".`);
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

async function addCommand(values: SourceFlags, io: Io): Promise<void> {
  if (!values.name) throw new UsageError('--name NAME is required: how this source is called in the case.');
  if (!values.url && !values.folder)
    throw new UsageError('give --url URL (the audit API) or --folder DIR (a drop folder).');
  const args = {
    name: values.name,
    url: values.url,
    folder: values.folder,
    tokenEnv: values['token-env'],
    tokenFile: values['token-file'],
    caFile: values['ca-file'],
  };
  // Adding a source yourself confirms it on this installation (the service does both).
  const added = await withService(requireStore(values), (s) => asUsage(callChannel(s, 'sync.addSource', args, io)));
  const { confirmed: _confirmed, ...source } = added;
  if (values.json) io.out(JSON.stringify(source, null, 2));
  else
    io.out(
      `Added ${source.kind} source ${source.name}: ${source.location}. Run "signtrail sync --store ${values.store} --source ${source.name}".`,
    );
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
  if (!removed) throw noSuchSource(name);
  io.out(`Removed source ${name}; the events it brought stay in the case.`);
}

async function confirmCommand(values: SourceFlags, io: Io): Promise<void> {
  if (!values.name) throw new UsageError('--name NAME is required: the source to confirm.');
  const name = values.name;
  const confirmed = await withService(requireExistingStore(values), async (s) => {
    const source = (await callChannel(s, 'sync.sources', {}, io)).find((x) => x.name === name);
    if (!source) throw noSuchSource(name);
    // The source as listed a moment ago: the service refuses when it no longer says that.
    return asUsage(callChannel(s, 'sync.confirmSource', { name, location: source.location }, io));
  });
  io.out(`Confirmed source ${confirmed.name} on this installation: ${confirmed.confirmedAs}.`);
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
    const reports = await withService(requireExistingStore(values), async (s) => {
      const sources = await callChannel(s, 'sync.sources', {}, ctx.io);
      if (values.source && !sources.some((x) => x.name === values.source)) throw noSuchSource(values.source);
      if (!values.source && sources.length === 0)
        throw new UsageError('this case has no sources. Add one with "signtrail sources add".');
      return callChannel(s, 'sync.run', { source: values.source }, ctx.io);
    });
    if (values.json) ctx.io.out(JSON.stringify(reports, null, 2));
    else for (const r of reports) printSyncReport(r, ctx.io);
    const failed = reports.filter((r) => r.errorKind !== null && r.errorKind !== 'malformed');
    if (failed.length)
      throw new Error(`${failed.map((r) => r.source).join(', ')} could not be synced; see the message above.`);
    if (reports.some((r) => r.errorKind === 'malformed' || r.conflicts > 0)) throw new FindingExit();
  },
};

export function printSyncReport(r: SyncRunReport, io: Io): void {
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
