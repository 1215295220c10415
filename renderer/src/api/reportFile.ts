// Compliance reports in both modes: a save dialog and a path in the desktop app, a download in
// browser mode (where the page may not name files on this machine).
import type { FrameworkId, ReportFormat, ReportOutcome } from '../../../shared/report';
import { invoke, ServiceError } from './client';
import { download } from './exportFile';
import { authHeaders } from './session';
import { preloadApi } from './transport';
import { apiAddress } from '../../../shared/httpRoutes';

export interface ReportRequest {
  framework: FrameworkId;
  format: ReportFormat;
  from?: string;
  to?: string;
  jobId: string;
}

const EXTENSIONS: Record<ReportFormat, string> = { html: 'html', pdf: 'pdf', oscal: 'oscal.json' };

export function defaultReportName(framework: FrameworkId, format: ReportFormat, now = new Date()): string {
  return `signtrail-${framework}-${now.toISOString().slice(0, 10)}.${EXTENSIONS[format]}`;
}

export interface ReportRun {
  outcome: ReportOutcome;
  files: string[];
  /** Desktop: whether the system's app opened the saved report, or why not. */
  opened?: { opened: boolean; error: string | null };
  /** Browser mode, HTML: the report as a blob URL of this page, for a new tab. */
  viewUrl?: string;
}

/** Returns null when the user closed the save dialog. The desktop app then opens what it saved. */
export async function runReport(request: ReportRequest): Promise<ReportRun | null> {
  if (preloadApi()) {
    const path = await invoke('app.saveDialog', { defaultName: defaultReportName(request.framework, request.format) });
    if (!path) return null;
    const outcome = await invoke('report.run', { ...request, path });
    const opened = await invoke('app.openPath', { path: outcome.file }).catch((err: unknown) => ({
      opened: false,
      error: err instanceof Error ? err.message : String(err),
    }));
    return { outcome, files: [outcome.file], opened };
  }
  const response = await fetch(apiAddress('report'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders() },
    body: JSON.stringify(request),
  });
  const reply = (await response
    .json()
    .catch(() => ({ ok: false, error: `The report failed with HTTP ${response.status}.` }))) as
    | { ok: true; value: { outcome: ReportOutcome; files: { name: string; url: string }[] } }
    | { ok: false; error: string };
  if (!reply.ok) throw new ServiceError(reply.error, 'report');
  for (const file of reply.value.files) await download(file.url, file.name);
  const first = reply.value.files[0];
  const viewUrl = request.format === 'html' && first ? await htmlBlobUrl(first.url) : undefined;
  if (viewUrl) window.open(viewUrl, '_blank', 'noopener');
  return { outcome: reply.value.outcome, files: reply.value.files.map((f) => f.name), viewUrl };
}

/** The HTML report as a blob URL (its own CSP, default-src 'none', keeps any script from running). */
async function htmlBlobUrl(url: string): Promise<string> {
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) throw new ServiceError(`Opening the report failed with HTTP ${response.status}.`, 'report');
  return URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'text/html' }));
}
