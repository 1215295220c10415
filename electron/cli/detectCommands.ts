// `signtrail detect`, `signtrail blast-radius`, `signtrail artifact`: the detections through the one service.
import fs from 'node:fs';
import path from 'node:path';
import { errorCode } from '../../shared/errors';
import type { RuleFolders } from '../../shared/ruleFolders';
import type { ServiceChannel, ChannelArgs, ChannelResult } from '../../shared/channels';
import type { DetectionReport } from '../../shared/detections';
import type { ServiceOptions } from '../service/service';
import { callChannel, callHome, withService } from './callChannel';
import type { Command, CommandContext } from './commands';
import { FindingExit, flags, requireExistingStore, UsageError } from './usage';

/** A rule file was refused: exit 2 after the report. */
export class BadRuleExit extends Error {
  override name = 'BadRuleExit';
}

function call<C extends ServiceChannel>(
  options: ServiceOptions,
  channel: C,
  args: ChannelArgs<C>,
  ctx: CommandContext,
): Promise<ChannelResult<C>> {
  return withService(options, (s) => callChannel(s, channel, args, ctx.io));
}

function printReport(report: DetectionReport, io: CommandContext['io']): void {
  for (const e of report.errors) io.err(`${e.file}:${e.line}: ${e.problem}`);
  const byRule = new Map<string, DetectionReport['hits']>();
  for (const h of report.hits) byRule.set(h.rule.id, [...(byRule.get(h.rule.id) ?? []), h]);
  for (const hits of byRule.values()) {
    const { id, title, level, tags } = hits[0].rule;
    io.out(`[${level}] ${title} (${id}) ${tags.join(' ')}: ${hits.length} hit${hits.length === 1 ? '' : 's'}`);
    for (const h of hits) io.out(`  ${h.events.map((e) => `seq ${e.seq} ${e.id} ${e.ts}`).join('\n    ')}`);
  }
  const ran = report.rules.filter((r) => r.reports).length;
  io.out(
    `${report.hits.length} hit${report.hits.length === 1 ? '' : 's'} from ${ran} rules over ${report.scanned.toLocaleString('en')} events in ${report.ms} ms` +
      (report.errors.length
        ? `; ${report.errors.length} rule file problem${report.errors.length === 1 ? '' : 's'}`
        : ''),
  );
}

const detectCommand: Command = {
  summary: 'run the Sigma detection rules (the shipped pack and your own) over the trail',
  help: `Usage: signtrail detect --store FILE [--rules DIR]... [--no-builtin] [--since SEQ] [--time-zone ZONE] [--work-hours H-H] [--json]

Runs the shipped code-signing rule pack, the remembered rule folders (signtrail rules) and the
Sigma rules in each --rules folder over the store, with each event's key, certificate and request
state at its time. See docs/detections.md.

  --rules DIR        a folder of Sigma .yml rules to add (repeatable)
  --no-builtin       run only the --rules folders
  --since SEQ        evaluate only events after SEQ (and the correlation windows they touch)
  --time-zone ZONE   IANA zone for time modifiers and working hours (default UTC)
  --work-hours H-H   working hours for the off-hours rule (default 7-20)
  --json             print {"hits":[{"rule":{id,title,level,tags},"events":[{seq,id}]}]}

Exit status: 0 no hits, 1 hits, 2 a rule file was refused (file, line and problem on stderr) or usage error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      store: { type: 'string' },
      json: { type: 'boolean' },
      rules: { type: 'string', multiple: true },
      'no-builtin': { type: 'boolean' },
      since: { type: 'string' },
      'time-zone': { type: 'string' },
      'work-hours': { type: 'string' },
    });
    const store = requireExistingStore(values);
    const ruleDirs = values.rules ?? [];
    for (const dir of ruleDirs) if (!fs.existsSync(dir)) throw new UsageError(`no rule folder ${dir}`);
    if (values['no-builtin'] && ruleDirs.length === 0)
      throw new UsageError('--no-builtin needs at least one --rules DIR.');
    const since = values.since === undefined ? 0 : Number(values.since);
    if (!Number.isInteger(since) || since < 0)
      throw new UsageError(`--since must be a seq (0 or more), not "${values.since}".`);
    const hours = /^(\d{1,2})-(\d{1,2})$/.exec(values['work-hours'] ?? '7-20');
    if (!hours || Number(hours[1]) > 23 || Number(hours[2]) > 24)
      throw new UsageError(`--work-hours must be like 7-20, not "${values['work-hours']}".`);
    const report = await call(
      {
        storePath: store,
        detect: {
          ruleDirs,
          builtin: !values['no-builtin'],
          settings: {
            timeZone: values['time-zone'] ?? 'UTC',
            workingHours: { start: Number(hours[1]), end: Number(hours[2]) },
          },
        },
      },
      'detect.run',
      { sinceSeq: since },
      ctx,
    );
    for (const f of report.foldersNotLoaded)
      ctx.io.err(
        `note: rule folder ${f.folder} not loaded: ${f.note}` +
          (f.folder.startsWith('/') || /^[A-Za-z]:/.test(f.folder)
            ? ` (confirm it with "signtrail rules confirm --store ${store} ${f.folder}")`
            : ''),
      );
    if (values.json) {
      for (const e of report.errors) ctx.io.err(`${e.file}:${e.line}: ${e.problem}`);
      ctx.io.out(
        JSON.stringify({
          hits: report.hits.map((h) => ({ rule: h.rule, events: h.events.map((e) => ({ seq: e.seq, id: e.id })) })),
        }),
      );
    } else printReport(report, ctx.io);
    if (report.errors.length) throw new BadRuleExit(`${report.errors.length} rule file problem(s)`);
    if (report.hits.length) throw new FindingExit();
  },
};

const blastCommand: Command = {
  summary: "a key's blast radius: what it signed, for whom, where, under which certificates",
  help: `Usage: signtrail blast-radius --store FILE --key KEY_ID [--from TIME] [--to TIME] [--json]

Every signing operation with the key in the window (default: from its first revocation or
deactivation, else its whole life), the artifacts and digests, requesters, agents, approvers and
the certificates bound to the key.

Exit status: 0 nothing signed in the window, 1 signings found, 2 usage or I/O error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      store: { type: 'string' },
      json: { type: 'boolean' },
      key: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    });
    const store = requireExistingStore(values);
    if (!values.key) throw new UsageError('--key KEY_ID is required.');
    const r = await call(
      { storePath: store },
      'detect.blastRadius',
      { keyId: values.key, from: values.from, to: values.to },
      ctx,
    );
    if (values.json) ctx.io.out(JSON.stringify(r, null, 2));
    else {
      ctx.io.out(`Key ${r.keyId}: from ${r.from ?? 'its first event'} (${r.fromReason}) to ${r.to ?? 'now'}`);
      ctx.io.out(`${r.signings.length} signing operation(s)`);
      for (const s of r.signings)
        ctx.io.out(
          `  ${s.timestamp} seq ${s.seq} ${s.status} ${s.artifact ?? '-'}${s.digest ? ` sha256:${s.digest}` : ''} requester ${s.requester ?? s.actorId} agent ${s.agent ?? '-'} approvers ${s.approvers.join(', ') || '-'}`,
        );
      ctx.io.out(`Requesters: ${r.requesters.join(', ') || '-'}`);
      ctx.io.out(`Agents: ${r.agents.join(', ') || '-'}`);
      ctx.io.out(`Approvers: ${r.approvers.join(', ') || '-'}`);
      ctx.io.out(`Certificates: ${r.certificates.map((c) => `${c.id} (${c.name ?? ''})`).join(', ') || '-'}`);
    }
    if (r.signings.length) throw new FindingExit();
  },
};

const artifactCommand: Command = {
  summary: 'every event about an artifact, by name or digest, request to signature',
  help: `Usage: signtrail artifact --store FILE NAME_OR_DIGEST [--json]

Exit status: 0 found, 1 no event names it, 2 usage or I/O error.`,
  async run(argv, ctx) {
    const { values, positionals } = flags(argv, { store: { type: 'string' }, json: { type: 'boolean' } }, true);
    const store = requireExistingStore(values);
    if (positionals.length !== 1) throw new UsageError('name one artifact (its name or digest).');
    const trail = await call({ storePath: store }, 'detect.artifact', { query: positionals[0] }, ctx);
    if (values.json) ctx.io.out(JSON.stringify(trail, null, 2));
    else {
      ctx.io.out(
        `${trail.events.length} event(s) about ${trail.query}; requests ${trail.requestIds.join(', ') || '-'}`,
      );
      for (const e of trail.events)
        ctx.io.out(`  ${e.timestamp} seq ${e.seq} ${e.action} ${e.status} ${e.actorId} ${e.requestId ?? ''}`);
    }
    if (trail.events.length === 0) throw new FindingExit();
  },
};

/** A refused folder (RuleFolderError) or argument is the user's to fix: exit 2 with the sentence. */
async function asUsage<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = errorCode(err);
    if (code === 'RuleFolderError' || code === 'InvalidArgumentsError') throw new UsageError((err as Error).message);
    throw err;
  }
}

function printFolders(list: RuleFolders, io: CommandContext['io'], json: boolean | undefined): void {
  if (json) {
    io.out(JSON.stringify(list));
    return;
  }
  for (const p of list.problems) io.err(`note: ${p}`);
  if (list.folders.length === 0) io.out('No rule folders are remembered.');
  for (const f of list.folders)
    io.out(
      `${f.scope === 'case' ? 'case        ' : 'installation'}  ${f.folder}` +
        (f.confirmed ? '' : `  NOT LOADED: ${f.note ?? 'not confirmed'}`),
    );
}

const rulesCommand: Command = {
  summary: 'remember rule folders for every case (installation) or for one case',
  help: `Usage: signtrail rules list [--store FILE] [--json]
       signtrail rules add [--store FILE] DIR
       signtrail rules remove [--store FILE] DIR
       signtrail rules confirm --store FILE DIR

Rule folders that every detection run reads besides the shipped pack (the app's automatic runs
after import and sync included). Without --store, a folder is remembered for this installation
(in the SignTrail home, for every case); with --store, for that case (in the case file: whoever
opens the case sees it).

A case file may come from someone else, so a folder a case names is read only once this
installation confirmed it: adding it yourself confirms it; a folder that came with the case is
listed as NOT LOADED until "rules confirm" (or the app's Detections panel). A confirmation is kept in
the SignTrail home, with the folder's real path: if the folder later leads elsewhere (a link
changed), it is not read until confirmed again. See docs/detections.md.`,
  async run(argv, ctx) {
    const { values, positionals } = flags(argv, { store: { type: 'string' }, json: { type: 'boolean' } }, true);
    const [action, dir, ...extra] = positionals;
    if (extra.length) throw new UsageError(`one folder at a time, not ${positionals.length - 1}.`);
    const folder = dir === undefined ? undefined : path.resolve(dir);
    if (action !== 'list' && !folder)
      throw new UsageError(`say which folder to ${action ?? 'add, remove or confirm'}.`);
    if (!values.store) {
      if (action === 'confirm')
        throw new UsageError('"rules confirm" needs --store FILE: it confirms a folder a case names.');
      let list: RuleFolders;
      if (action === 'list') list = await callHome('rules.installationList', {}, ctx.io);
      else if (action === 'add')
        list = await asUsage(() => callHome('rules.installationAdd', { folder: folder! }, ctx.io));
      else if (action === 'remove') {
        const result = await callHome('rules.installationRemove', { folder: folder! }, ctx.io);
        if (!result.removed) throw new UsageError(`${folder} is not one of this installation's rule folders.`);
        list = result;
      } else
        throw new UsageError(`say what to do with rule folders: list, add, remove or confirm, not "${action ?? ''}".`);
      printFolders(list, ctx.io, values.json);
      return;
    }
    const store = requireExistingStore(values);
    const options: ServiceOptions = { storePath: store };
    let list: RuleFolders;
    if (action === 'list') list = await call(options, 'detect.folders', {}, ctx);
    else if (action === 'add')
      list = await asUsage(() => call(options, 'detect.addFolder', { folder: folder!, scope: 'case' }, ctx));
    else if (action === 'remove') {
      const result = await call(options, 'detect.removeFolder', { folder: folder!, scope: 'case' }, ctx);
      if (!result.removed) throw new UsageError(`the case names no rule folder ${folder}.`);
      list = result;
    } else if (action === 'confirm') {
      list = await asUsage(() => call(options, 'detect.confirmFolder', { folder: folder! }, ctx));
      ctx.io.err(
        `Confirmed: this installation now reads the rules in ${folder} when it runs detections over ${store}.`,
      );
    } else
      throw new UsageError(`say what to do with rule folders: list, add, remove or confirm, not "${action ?? ''}".`);
    printFolders(list, ctx.io, values.json);
  },
};

export const DETECT_COMMANDS: Record<string, Command> = {
  detect: detectCommand,
  rules: rulesCommand,
  'blast-radius': blastCommand,
  artifact: artifactCommand,
};
