// The contract between the renderer and the service: one map from channel to the zod
// schema of its arguments and the type of its result. IPC, HTTP and the CLI all go
// through it; arguments are parsed at every door before the service sees them.
import { z } from 'zod';
import { eventFilterSchema, pageRequestSchema, VALUE_FIELDS } from './filter';
import { journalChannels } from './journal';
import type { EventDetail } from './event';
import { EXPORT_FORMATS } from './results';
import type {
  CheckpointInfo,
  EventPage,
  ExportManifest,
  Facets,
  HistogramBucket,
  ImportSummary,
  StoreInfo,
  TopValues,
  VerifyReport,
} from './results';
import { FRAMEWORKS, REPORT_FORMATS, type ReportOutcome } from './report';
import { newSyncSource, syncSourceName as sourceName, type SyncRunReport, type SyncSourceView } from './sync';
import type { ArtifactTrail, BlastRadius, DetectionReport } from './detections';
import type { DetectionMarks, RuleFolders } from './ruleFolders';

/** A client-chosen ID that ties progress events and cancellation to one long job. */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'jobId must be 1-64 letters, digits, - or _');
const filePath = z.string().min(1).max(4096);
const timeZone = z.string().min(1).max(64);

function result<T>() {
  return z.custom<T>(() => true);
}

export const channels = {
  ...journalChannels,
  'store.info': { args: z.object({}).strict(), result: result<StoreInfo>() },
  'events.query': { args: pageRequestSchema, result: result<EventPage>() },
  'events.get': { args: z.object({ seq: z.number().int().positive() }).strict(), result: result<EventDetail | null>() },
  'events.facets': { args: z.object({}).strict(), result: result<Facets>() },
  /** The most frequent values of some fields for a filter (the facet panel), counted in one pass. */
  'events.topValues': {
    args: z
      .object({
        filter: eventFilterSchema.default({}),
        fields: z.array(z.enum(VALUE_FIELDS)).min(1).max(VALUE_FIELDS.length),
        limit: z.number().int().min(1).max(100).default(10),
      })
      .strict(),
    result: result<TopValues[]>(),
  },
  'events.histogram': {
    args: z
      .object({
        filter: eventFilterSchema,
        buckets: z.number().int().min(1).max(500).default(60),
        /** The axis: buckets cover it whatever the filter selects (the case's span, or the zoom). */
        range: z
          .object({ from: eventFilterSchema.shape.from.unwrap(), to: eventFilterSchema.shape.from.unwrap() })
          .strict()
          .optional(),
      })
      .strict(),
    result: result<HistogramBucket[]>(),
  },
  'import.files': {
    args: z
      .object({ paths: z.array(filePath).min(1).max(1000), assumeTz: timeZone.optional(), jobId: jobId.optional() })
      .strict(),
    result: result<ImportSummary[]>(),
  },
  'verify.run': {
    args: z
      .object({
        /** Checkpoint notes held outside the store (file contents). */
        checkpoints: z
          .array(z.string().max(64 * 1024))
          .max(100)
          .default([]),
        /** Size and root kept elsewhere and pasted in (unsigned), checked against root(size). */
        roots: z
          .array(
            z
              .object({
                size: z.number().int().min(1),
                rootB64: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'rootB64 must be the base64 of a 32-byte root'),
              })
              .strict(),
          )
          .max(100)
          .default([]),
        /** Verifier keys the user pinned, `<name>+<hex id>+<base64 key>`. */
        trustedKeys: z.array(z.string().max(1024)).max(100).default([]),
        jobId: jobId.optional(),
      })
      .strict(),
    result: result<VerifyReport>(),
  },
  'export.run': {
    args: z
      .object({
        filter: eventFilterSchema.default({}),
        /** Export just these events instead of the filter's selection. */
        seqs: z.array(z.number().int().positive()).max(100_000).optional(),
        format: z.enum(EXPORT_FORMATS).default('csv'),
        path: filePath,
        jobId: jobId.optional(),
      })
      .strict(),
    result: result<ExportManifest>(),
  },
  /** A compliance report (docs/compliance.md): one framework, one format, written to path. */
  'report.run': {
    args: z
      .object({
        framework: z.enum(FRAMEWORKS),
        format: z.enum(REPORT_FORMATS).default('html'),
        path: filePath,
        from: z.string().max(64).optional(),
        to: z.string().max(64).optional(),
        /** PCI DSS 3.7.4: the longest a key may be in use, in days. */
        cryptoperiodDays: z.number().int().min(1).max(36_500).default(365),
        /** The longest silence between events before it is flagged, in hours. */
        maxGapHours: z
          .number()
          .min(0.01)
          .max(24 * 366)
          .default(24),
        jobId: jobId.optional(),
      })
      .strict(),
    result: result<ReportOutcome>(),
  },
  'checkpoint.latest': { args: z.object({}).strict(), result: result<CheckpointInfo | null>() },
  /** Runs the detection rules; incremental: only events since the last run (after an import or a sync). */
  'detect.run': {
    args: z
      .object({
        incremental: z.boolean().default(false),
        sinceSeq: z.number().int().min(0).optional(),
        jobId: jobId.optional(),
      })
      .strict(),
    result: result<DetectionReport>(),
  },
  'detect.blastRadius': {
    args: z
      .object({
        keyId: z.string().min(1).max(512),
        from: z.string().max(64).optional(),
        to: z.string().max(64).optional(),
      })
      .strict(),
    result: result<BlastRadius>(),
  },
  'detect.artifact': {
    args: z.object({ query: z.string().min(1).max(1024) }).strict(),
    result: result<ArtifactTrail>(),
  },
  /** Which of these events are part of a hit of the last detection run (the trail and lifecycle marks). */
  'detect.marks': {
    args: z.object({ seqs: z.array(z.number().int().positive()).max(10_000) }).strict(),
    result: result<DetectionMarks>(),
  },
  /** This installation's rule folders and the case's, with whether each is loaded. */
  'detect.folders': { args: z.object({}).strict(), result: result<RuleFolders>() },
  /**
   * Remembers a rule folder for every case of this installation or for this case (and confirms it
   * here). Desktop: a folder chosen in the dialog; browser mode refuses it (a page may not name folders).
   */
  'detect.addFolder': {
    args: z.object({ folder: filePath, scope: z.enum(['installation', 'case']) }).strict(),
    result: result<RuleFolders>(),
    cliOrDesktop: true,
  },
  'detect.removeFolder': {
    args: z.object({ folder: filePath, scope: z.enum(['installation', 'case']) }).strict(),
    result: result<RuleFolders & { removed: boolean }>(),
  },
  /** Confirms a folder the case names, for this installation; the desktop asks in a native box first. */
  'detect.confirmFolder': {
    args: z.object({ folder: filePath }).strict(),
    result: result<RuleFolders>(),
    cliOrDesktop: true,
  },
  'job.cancel': { args: z.object({ jobId }).strict(), result: result<{ cancelled: boolean }>(), answeredBy: 'jobs' },
  'sync.sources': { args: z.object({}).strict(), result: result<SyncSourceView[]>() },
  'sync.run': {
    args: z.object({ source: z.string().min(1).max(128).optional(), jobId: jobId.optional() }).strict(),
    result: result<SyncRunReport[]>(),
  },
  'sync.addSource': { args: newSyncSource, result: result<SyncSourceView>() },
  'sync.removeSource': { args: z.object({ name: sourceName }).strict(), result: result<{ removed: boolean }>() },
  /**
   * Confirms a source of this case for this installation (kept in the SignTrail home, not the case).
   * `location` is what the user was shown: refused when the source no longer says that. The desktop
   * asks in a native box first; browser mode refuses it.
   */
  'sync.confirmSource': {
    args: z.object({ name: sourceName, location: z.string().min(1).max(4096) }).strict(),
    /** confirmedAs: what was confirmed, in one line (kind, target, token place, CA file). */
    result: result<SyncSourceView & { confirmedAs: string }>(),
    cliOrDesktop: true,
  },
  // The installation's channels: answered from the SignTrail home, with no case open. Only the
  // command line's host answers them today; browser mode refuses them.
  /** This installation's verifier key (created on first use), `<name>+<hex id>+<base64 key>`. */
  'key.verifier': {
    args: z.object({}).strict(),
    result: result<{ verifierKey: string }>(),
    answeredBy: 'home',
    cliOrDesktop: true,
  },
  /** This installation's rule folders (read by every detection run over any case); see docs/detections.md. */
  'rules.installationList': {
    args: z.object({}).strict(),
    result: result<RuleFolders>(),
    answeredBy: 'home',
    cliOrDesktop: true,
  },
  'rules.installationAdd': {
    args: z.object({ folder: filePath }).strict(),
    result: result<RuleFolders>(),
    answeredBy: 'home',
    cliOrDesktop: true,
  },
  'rules.installationRemove': {
    args: z.object({ folder: filePath }).strict(),
    result: result<RuleFolders & { removed: boolean }>(),
    answeredBy: 'home',
    cliOrDesktop: true,
  },
  /** Fills a new case (or one holding only demo events) at path with synthetic events. */
  'demo.create': {
    args: z
      .object({
        path: filePath,
        events: z.number().int().min(1).max(10_000_000).default(20_000),
        jobId: jobId.optional(),
      })
      .strict(),
    result: result<StoreInfo>(),
    answeredBy: 'home',
    cliOrDesktop: true,
  },
  // The shell's channels: answered by the host of the window (the Electron main process), not by
  // the case's service. Desktop-only ones are refused by browser mode and the command line.
  'app.openFilesDialog': {
    /** folder: a sync source's drop folder; file: a sync source's token or CA file; rules: a rule folder. */
    args: z.object({ purpose: z.enum(['import', 'checkpoint', 'case', 'folder', 'file', 'rules']) }).strict(),
    result: result<string[]>(),
    answeredBy: 'shell',
    desktopOnly: true,
  },
  'app.saveDialog': {
    args: z.object({ defaultName: z.string().min(1).max(255) }).strict(),
    result: result<string | null>(),
    answeredBy: 'shell',
    desktopOnly: true,
  },
  /**
   * Opens a report the user just saved in the system's default app (desktop only). Only a file
   * granted by the save dialog, and only a report's kind (.html, .pdf, .json): never a program.
   */
  'app.openPath': {
    args: z.object({ path: filePath }).strict(),
    result: result<{ opened: boolean; error: string | null }>(),
    answeredBy: 'shell',
    desktopOnly: true,
  },
  'case.recent': { args: z.object({}).strict(), result: result<string[]>(), answeredBy: 'shell', desktopOnly: true },
  'case.open': {
    args: z.object({ path: filePath }).strict(),
    result: result<StoreInfo>(),
    answeredBy: 'shell',
    desktopOnly: true,
  },
  'case.demo': {
    args: z.object({ events: z.number().int().min(1).max(2_000_000).default(20_000) }).strict(),
    result: result<StoreInfo>(),
    answeredBy: 'shell',
    desktopOnly: true,
  },
  /** Every host answers this one: the desktop shell and browser mode each say what they are. */
  'app.mode': {
    args: z.object({}).strict(),
    result: result<{ mode: 'desktop' | 'browser'; hasStore: boolean }>(),
    answeredBy: 'shell',
  },
  /**
   * Seals a source's bearer token with the OS keystore. Answered by the case's service (in its
   * worker, which seals through main); desktop only: a token never travels over HTTP.
   */
  'sync.setToken': {
    desktopOnly: true,
    args: z
      .object({
        name: sourceName,
        token: z
          .string()
          .min(1)
          .max(4096)
          .regex(/^[\x21-\x7E]+$/, 'a token is 1-4096 visible ASCII characters, without spaces or line breaks'),
      })
      .strict(),
    result: result<{ stored: true }>(),
  },
} as const;

export type Channel = keyof typeof channels;
type Spec = {
  args: z.ZodType;
  result: z.ZodType;
  answeredBy?: 'shell' | 'jobs' | 'home';
  desktopOnly?: true;
  cliOrDesktop?: true;
};
const specs: Record<Channel, Spec> = channels;

/** Answered by the host of the window (dialogs, cases, mode), not by the case's service. */
export type ShellChannel = {
  [C in Channel]: (typeof channels)[C] extends { answeredBy: 'shell' } ? C : never;
}[Channel];
/** Answered by the job registry every door holds. */
export type JobsChannel = { [C in Channel]: (typeof channels)[C] extends { answeredBy: 'jobs' } ? C : never }[Channel];
/** Answered by the installation (SignTrail home: key, demo cases), with no case open. */
export type HomeChannel = { [C in Channel]: (typeof channels)[C] extends { answeredBy: 'home' } ? C : never }[Channel];
/** Answered by the open case's service, whichever door the call came through. */
export type ServiceChannel = Exclude<Channel, ShellChannel | JobsChannel | HomeChannel>;
/** Refused by browser mode and the command line: they need the desktop app (dialogs, OS keystore). */
export type DesktopOnlyChannel = {
  [C in Channel]: (typeof channels)[C] extends { desktopOnly: true } ? C : never;
}[Channel];

export function isShellChannel(channel: Channel): channel is ShellChannel {
  return specs[channel].answeredBy === 'shell';
}
export function isDesktopOnly(channel: Channel): channel is DesktopOnlyChannel {
  return specs[channel].desktopOnly === true;
}
/**
 * Refused by browser mode only: a web page may not do it (confirm a source, manage the key, name
 * a file to create), the desktop app and the command line may.
 */
export type CliOrDesktopChannel = {
  [C in Channel]: (typeof channels)[C] extends { cliOrDesktop: true } ? C : never;
}[Channel];
export function isCliOrDesktop(channel: Channel): channel is CliOrDesktopChannel {
  return specs[channel].cliOrDesktop === true;
}
export function isHomeChannel(channel: Channel): channel is HomeChannel {
  return specs[channel].answeredBy === 'home';
}
/** Every channel browser mode refuses, whatever its arguments. */
export const NOT_IN_BROWSER_CHANNELS = (Object.keys(channels) as Channel[]).filter(
  (c) => isDesktopOnly(c) || isCliOrDesktop(c),
);
export const DESKTOP_ONLY_CHANNELS = (Object.keys(channels) as Channel[]).filter(isDesktopOnly);
export type ChannelArgs<C extends Channel> = z.input<(typeof channels)[C]['args']>;
export type ParsedArgs<C extends Channel> = z.output<(typeof channels)[C]['args']>;
export type ChannelResult<C extends Channel> = z.output<(typeof channels)[C]['result']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** Progress of a long job, pushed to the client that started it. */
export interface ProgressEvent {
  jobId: string;
  phase: string;
  done: number;
  total: number | null;
}

/** Parses a channel's arguments, with an error that names the field. */
export function parseArgs<C extends Channel>(channel: C, args: unknown): ParsedArgs<C> {
  const parsed = channels[channel].args.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(arguments)';
    throw new InvalidArgumentsError(`${channel}: invalid argument ${where}: ${issue.message}`);
  }
  return parsed.data as ParsedArgs<C>;
}

export class InvalidArgumentsError extends Error {
  override name = 'InvalidArgumentsError';
}
