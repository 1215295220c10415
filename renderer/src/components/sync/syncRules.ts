// The sync dialog's rules, kept out of React so they can be tested: the add-source form to the
// channel's arguments, a run's result in words, and the periodic-sync preference.
import type { ChannelArgs } from '../../../../shared/channels';
import type { SyncRunReport, SyncSourceView } from '../../../../shared/sync';

export type SourceKind = 'http' | 'folder';
/** 'sealed': the token itself, typed in the desktop app and sealed with the OS keystore. */
export type TokenPlace = 'none' | 'env' | 'file' | 'sealed';

export interface SourceForm {
  name: string;
  kind: SourceKind;
  url: string;
  folder: string;
  tokenPlace: TokenPlace;
  /** Environment variable name, token file path or the token itself, per tokenPlace. */
  token: string;
  caFile: string;
}

export const EMPTY_SOURCE_FORM: SourceForm = {
  name: '',
  kind: 'folder',
  url: '',
  folder: '',
  tokenPlace: 'env',
  token: '',
  caFile: '',
};

/** The form as 'sync.addSource' arguments: trimmed, empty fields left out, only the chosen kind's fields. */
export function sourceArgs(form: SourceForm): ChannelArgs<'sync.addSource'> {
  const name = form.name.trim();
  if (form.kind === 'folder') return { name, folder: form.folder.trim() || undefined };
  const token = form.token.trim();
  return {
    name,
    url: form.url.trim() || undefined,
    tokenEnv: form.tokenPlace === 'env' && token ? token : undefined,
    tokenFile: form.tokenPlace === 'file' && token ? token : undefined,
    caFile: form.caFile.trim() || undefined,
  };
}

/** The token to seal after the source is added, or null when the form names no sealed token. */
export function sealedTokenArgs(form: SourceForm): ChannelArgs<'sync.setToken'> | null {
  const token = form.token.trim();
  return form.kind === 'http' && form.tokenPlace === 'sealed' && token ? { name: form.name.trim(), token } : null;
}

/** Strips the channel name the service prefixes to argument errors, for a message under the form. */
export function formError(message: string): string {
  return message.replace(/^sync\.(addSource|setToken): invalid argument /, 'Invalid ');
}

const n = (count: number) => count.toLocaleString('en');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/** One line per run: "12 imported, 3 duplicates, 0 conflicts of 15 received; 1 file pending." */
export function runSummary(report: SyncRunReport): string {
  const parts = [
    `${n(report.appended)} imported, ${plural(report.duplicates, 'duplicate', 'duplicates')}, ${plural(report.conflicts, 'conflict', 'conflicts')} of ${n(report.received)} received`,
  ];
  const where = report.kind === 'http' ? plural(report.pages, 'page', 'pages') : plural(report.files, 'file', 'files');
  parts[0] += ` (${where})`;
  if (report.pending.length)
    parts.push(`${plural(report.pending.length, 'file', 'files')} still being written, taken next time`);
  if (report.rejected.length) parts.push(`${plural(report.rejected.length, 'file', 'files')} rejected`);
  return `${parts.join('; ')}.`;
}

export type RunSeverity = 'success' | 'info' | 'warning' | 'error';

export function runSeverity(report: SyncRunReport): RunSeverity {
  if (report.error && report.errorKind !== 'cancelled') return 'error';
  if (report.conflicts > 0 || report.rejected.length > 0) return 'warning';
  if (report.error || report.pending.length > 0) return 'info';
  return 'success';
}

/** Whether a run changed the store, so the grid and counts need a reload. */
export function appendedAny(reports: SyncRunReport[]): boolean {
  return reports.some((r) => r.appended > 0);
}

/** "never" or the time of the last run, in the user's chosen time format. */
export function lastSyncText(source: SyncSourceView, formatTime: (iso: string) => string): string {
  return source.lastRunAt ? formatTime(source.lastRunAt) : 'never';
}

export interface PeriodicSync {
  enabled: boolean;
  minutes: number;
}

export const MIN_PERIOD_MINUTES = 1;
export const MAX_PERIOD_MINUTES = 24 * 60;
export const DEFAULT_PERIODIC: PeriodicSync = { enabled: false, minutes: 15 };

/** A whole number of minutes within bounds; anything unreadable falls back to the default. */
export function clampMinutes(value: unknown): number {
  const minutes = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(minutes)) return DEFAULT_PERIODIC.minutes;
  return Math.min(MAX_PERIOD_MINUTES, Math.max(MIN_PERIOD_MINUTES, Math.round(minutes)));
}

/** The stored preference, repaired: localStorage may hold anything, from an older version or by hand. */
export function readPeriodic(stored: unknown): PeriodicSync {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_PERIODIC;
  const { enabled, minutes } = stored as Partial<Record<keyof PeriodicSync, unknown>>;
  return { enabled: enabled === true, minutes: clampMinutes(minutes ?? DEFAULT_PERIODIC.minutes) };
}
