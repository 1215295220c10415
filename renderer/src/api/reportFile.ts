// Compliance reports in both modes: a save dialog and a path in the desktop app, a download in
// browser mode (where the page may not name files on this machine).
import type { FrameworkId, ReportFormat, ReportOutcome } from '../../../shared/report';
import { invoke, ServiceError } from './client';
import { download } from './exportFile';
import { authHeaders } from './session';
import { preloadApi } from './transport';

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

/** Returns null when the user closed the save dialog. */
export async function runReport(request: ReportRequest): Promise<{ outcome: ReportOutcome; files: string[] } | null> {
  if (preloadApi()) {
    const path = await invoke('app.saveDialog', { defaultName: defaultReportName(request.framework, request.format) });
    if (!path) return null;
    const outcome = await invoke('report.run', { ...request, path });
    return { outcome, files: [outcome.file] };
  }
  const response = await fetch('api/report', {
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
  return { outcome: reply.value.outcome, files: reply.value.files.map((f) => f.name) };
}
