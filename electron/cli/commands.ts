// Each `signtrail` command: its help, its flags, and a call into the one service.
import fs from 'node:fs';
import { SORT_FIELDS } from '../../shared/filter';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/results';
import { callChannel, callHome, withService, type CliIo } from './callChannel';
import { FILTER_HELP, FILTER_OPTIONS, filterFromFlags } from './filters';
import { printEvents, printImportSummary, printVerifyReport } from './print';
import { FindingExit, flags, requireExistingStore, requireStore, UsageError } from './usage';

export interface CommandContext {
  io: CliIo;
}

export interface Command {
  summary: string;
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<void>;
}

const STORE = { store: { type: 'string' }, json: { type: 'boolean' } } as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const importCommand: Command = {
  summary: 'import audit log files (CSV, JSON, NDJSON, sealed exports)',
  help: `Usage: signtrail import --store FILE [--assume-tz ZONE] [--json] FILE...

Imports each file as one transaction: all of it or, when any row is malformed, none of it.
Re-importing a file adds nothing. The store is created when it does not exist.

  --store FILE       the case to import into
  --assume-tz ZONE   IANA zone for times written without one (default UTC), e.g. Europe/Berlin
  --json             print the import summaries as JSON

Exit status: 0 all files imported, 1 a file was rejected or had conflicts, 2 usage or I/O error.`,
  async run(argv, ctx) {
    const { values, positionals } = flags(argv, { ...STORE, 'assume-tz': { type: 'string' } }, true);
    const store = requireStore(values);
    if (positionals.length === 0) throw new UsageError('name at least one FILE to import.');
    for (const file of positionals) if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const zone = values['assume-tz'];
    if (zone !== undefined && !isTimeZone(zone))
      throw new UsageError(`--assume-tz must be an IANA time zone such as Europe/Berlin or UTC, not "${zone}".`);
    const summaries = await withService(store, (s) =>
      callChannel(s, 'import.files', { paths: positionals, assumeTz: values['assume-tz'] }, ctx.io),
    );
    if (values.json) ctx.io.out(JSON.stringify(summaries, null, 2));
    else for (const summary of summaries) printImportSummary(summary, ctx.io);
    if (summaries.some((s) => s.rejected || s.conflicts.length > 0)) throw new FindingExit();
  },
};

const verifyCommand: Command = {
  summary: 'verify the store: bytes, chain, checkpoints, search index',
  help: `Usage: signtrail verify --store FILE [--checkpoint FILE]... [--trusted-key KEY]... [--root SIZE:ROOT]... [--allow-unsealed] [--json]

Checks every event from seq 1: stored bytes, derived columns, the hash chain, every checkpoint the
store keeps and every one given here, and the search index. Reports each finding with its kind and seq.

  --checkpoint FILE    a checkpoint note kept outside the store (repeatable)
  --trusted-key KEY    a verifier key to trust, <name>+<hex id>+<base64 key> (repeatable)
  --root SIZE:ROOT     a size and base64 Merkle root kept elsewhere, e.g. from a printed checkpoint
                       (repeatable): root(SIZE) of the store must be ROOT
  --allow-unsealed     exit 0 when nothing is wrong but some events are under no trusted checkpoint
  --json               print the report as JSON

The verdict is INTACT (every event under a trusted checkpoint that matches), UNSEALED (nothing
wrong found, but some events are vouched for by no trusted checkpoint) or BROKEN (findings). The
store is also checked against what this installation witnessed of it before; a store never seen
here says "first seen now".

Exit status: 0 intact, 1 broken or unsealed (0 for unsealed with --allow-unsealed), 2 usage or I/O error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      ...STORE,
      checkpoint: { type: 'string', multiple: true },
      'trusted-key': { type: 'string', multiple: true },
      root: { type: 'string', multiple: true },
      'allow-unsealed': { type: 'boolean' },
    });
    const store = requireExistingStore(values);
    const checkpoints = (values.checkpoint ?? []).map((file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read checkpoint ${file}: ${(err as Error).message}`);
      }
    });
    const roots = (values.root ?? []).map((text) => {
      const match = /^(\d+):(\S+)$/.exec(text.trim());
      if (!match) throw new UsageError(`--root must be SIZE:BASE64ROOT (e.g. 1000:Xr4...=), not "${text}".`);
      return { size: Number(match[1]), rootB64: match[2] };
    });
    const report = await withService(store, (s) =>
      callChannel(s, 'verify.run', { checkpoints, roots, trustedKeys: values['trusted-key'] ?? [] }, ctx.io),
    );
    if (values.json) ctx.io.out(JSON.stringify(report, null, 2));
    else printVerifyReport(report, ctx.io);
    if (report.verdict === 'broken' || (report.verdict === 'unsealed' && !values['allow-unsealed']))
      throw new FindingExit();
  },
};

const exportCommand: Command = {
  summary: 'export what a filter selects as CSV, NDJSON, a sealed export, or OCSF/ECS/CEF for a SIEM',
  help: `Usage: signtrail export --store FILE --out FILE [--format csv|ndjson|sealed|ocsf|ecs|cef] [filters] [--json]

Writes the events the filter selects, in seq order, and FILE.manifest.json beside it (SHA-256,
row count, filter, checkpoint). sealed writes FILE, FILE.checkpoint and FILE.key: the whole store,
verifiable with nothing but those three files. ocsf and ecs write NDJSON in the OCSF 1.x and
Elastic Common Schema shapes, cef writes ArcSight CEF lines (docs/siem.md).

${FILTER_HELP}`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      ...STORE,
      out: { type: 'string' },
      format: { type: 'string' },
      ...FILTER_OPTIONS,
    });
    const store = requireExistingStore(values);
    if (!values.out) throw new UsageError('--out FILE is required.');
    const format = (values.format ?? 'csv') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}".`);
    const filter = filterFromFlags(values);
    const manifest = await withService(store, (s) =>
      callChannel(s, 'export.run', { filter, format, path: values.out! }, ctx.io),
    );
    if (values.json) ctx.io.out(JSON.stringify(manifest, null, 2));
    else ctx.io.out(`Exported ${manifest.rows} events to ${manifest.file} (SHA-256 ${manifest.sha256}).`);
  },
};

const queryCommand: Command = {
  summary: 'list the events a filter selects',
  help: `Usage: signtrail query --store FILE [filters] [--limit N] [--offset N] [--sort FIELD[:desc]] [--json]

  --limit N          rows to print (default 100, at most 10000)
  --offset N         rows to skip
  --sort FIELD       one of ${SORT_FIELDS.join(', ')}; add :desc to reverse (default timestamp)

${FILTER_HELP}`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      ...STORE,
      limit: { type: 'string' },
      offset: { type: 'string' },
      sort: { type: 'string' },
      ...FILTER_OPTIONS,
    });
    const store = requireExistingStore(values);
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    const offset = values.offset === undefined ? 0 : Number(values.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError('--limit must be a whole number from 1 to 10000.');
    if (!Number.isInteger(offset) || offset < 0) throw new UsageError('--offset must be a whole number, 0 or more.');
    const [field, dir = 'asc'] = (values.sort ?? 'timestamp').split(':');
    if (!(SORT_FIELDS as readonly string[]).includes(field) || !['asc', 'desc'].includes(dir)) {
      throw new UsageError(`--sort must be one of ${SORT_FIELDS.join(', ')}, optionally with :asc or :desc.`);
    }
    const filter = filterFromFlags(values);
    const page = await withService(store, (s) =>
      callChannel(
        s,
        'events.query',
        { filter, sort: { field: field as never, dir: dir as 'asc' | 'desc' }, offset, limit },
        ctx.io,
      ),
    );
    if (values.json) ctx.io.out(JSON.stringify(page, null, 2));
    else printEvents(page, ctx.io);
  },
};

const checkpointCommand: Command = {
  summary: "print (or save) the store's newest signed checkpoint",
  help: `Usage: signtrail checkpoint --store FILE [--out FILE] [--json]

Prints the newest checkpoint the store holds: a C2SP signed note over the Merkle root of all
events. Keep a copy somewhere else: "signtrail verify --checkpoint FILE" then proves the store
was neither truncated nor rewritten since.

Exit status: 0 printed or saved, 2 no checkpoint yet, usage or I/O error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, { ...STORE, out: { type: 'string' } });
    const store = requireExistingStore(values);
    const checkpoint = await withService(store, (s) => callChannel(s, 'checkpoint.latest', {}, ctx.io));
    if (!checkpoint) throw new UsageError('this store has no checkpoint yet: import events first.');
    if (values.out) fs.writeFileSync(values.out, checkpoint.note);
    if (values.json) ctx.io.out(JSON.stringify(checkpoint, null, 2));
    else if (values.out) ctx.io.out(`Checkpoint at size ${checkpoint.size} written to ${values.out}.`);
    else ctx.io.out(checkpoint.note.trimEnd());
  },
};

const keyCommand: Command = {
  summary: "print this installation's verifier key",
  help: `Usage: signtrail key [--json]

Prints the public key that verifies this installation's checkpoints, in the
golang.org/x/mod/sumdb/note format: <name>+<hex key id>+<base64 key>. Give it to whoever
must check your exports ("signtrail verify --trusted-key KEY").

Exit status: 0 printed, 2 the key cannot be read or created.`,
  async run(argv, ctx) {
    const { values } = flags(argv, { json: { type: 'boolean' } });
    const key = await callHome('key.verifier', {}, ctx.io);
    ctx.io.out(values.json ? JSON.stringify({ verifierKey: key.verifierKey }) : key.verifierKey);
  },
};

const demoCommand: Command = {
  summary: 'create a case of realistic synthetic events to explore',
  help: `Usage: signtrail demo --store FILE [--events N] [--json]

Fills FILE with N synthetic events (default 20000): all seven categories, signing-request trails
with policy and approval steps, key and certificate lifecycles, failures and denials, and a few
planted anomalies (see docs/demo.md).

Exit status: 0 created, 2 usage or I/O error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, { ...STORE, events: { type: 'string' } });
    const store = requireStore(values);
    const count = values.events === undefined ? 20_000 : Number(values.events);
    if (!Number.isInteger(count) || count < 1 || count > 10_000_000)
      throw new UsageError('--events must be a whole number from 1 to 10000000.');
    const info = await callHome('demo.create', { path: store, events: count }, ctx.io);
    if (values.json) ctx.io.out(JSON.stringify(info, null, 2));
    else
      ctx.io.out(
        `Demo case ${store}: ${info.eventCount} events, checkpoint at size ${info.latestCheckpoint?.size ?? 0}.`,
      );
  },
};

const serveCommand: Command = {
  summary: 'serve the investigation UI in a browser, on 127.0.0.1 only',
  help: `Usage: signtrail serve --store FILE [--port N] [--token T]

Starts browser mode: the same UI and service over HTTP on 127.0.0.1, with a random session token
in the printed URL. Stop with Ctrl+C.

  --port N    the port on 127.0.0.1 (default 0: a free one)
  --token T   use T as the session token instead of a random one (scripts, tests); keep it secret`,
  async run(argv, ctx) {
    const { values } = flags(argv, { ...STORE, port: { type: 'string' }, token: { type: 'string' } });
    const store = requireStore(values);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a whole number from 0 to 65535.');
    const { serveStore } = await import('../serve/serveStore');
    const server = await serveStore({ storePath: store, port, token: values.token });
    ctx.io.out(`SignTrail is serving ${store} at ${server.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

import { JOURNAL_COMMANDS } from './journalCommands';
import { REPORT_COMMANDS } from './reportCommands';
import { SYNC_COMMANDS } from './syncCommands';
import { DETECT_COMMANDS } from './detectCommands';

export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  verify: verifyCommand,
  export: exportCommand,
  query: queryCommand,
  checkpoint: checkpointCommand,
  key: keyCommand,
  demo: demoCommand,
  serve: serveCommand,
  ...SYNC_COMMANDS,
  ...DETECT_COMMANDS,
  ...JOURNAL_COMMANDS,
  ...REPORT_COMMANDS,
};
