// Export in both modes: a save dialog and a path in the desktop app, a download in browser mode.
import type { ExportFormat, ExportManifest } from '../../../shared/results';
import type { EventFilter } from '../../../shared/filter';
import { invoke, ServiceError } from './client';
import { authHeaders } from './session';
import { preloadApi } from './transport';
import { apiAddress } from '../../../shared/httpRoutes';

export type { ExportFormat };

const EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  ndjson: 'ndjson',
  sealed: 'sealed.ndjson',
  ocsf: 'ocsf.ndjson',
  ecs: 'ecs.ndjson',
  cef: 'cef',
};

export interface ExportRequest {
  filter: EventFilter;
  format: ExportFormat;
  seqs?: number[];
  jobId: string;
}

export interface ExportOutcome {
  manifest: ExportManifest;
  /** Where the files went: paths on disk, or the names of the downloads. */
  files: string[];
}

export function defaultExportName(format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `signtrail-${stamp}.${EXTENSIONS[format]}`;
}

/** Returns null when the user closed the save dialog. */
export async function runExport(request: ExportRequest): Promise<ExportOutcome | null> {
  if (preloadApi()) {
    const path = await invoke('app.saveDialog', { defaultName: defaultExportName(request.format) });
    if (!path) return null;
    const manifest = await invoke('export.run', { ...request, path });
    return { manifest, files: [manifest.file, `${manifest.file}.manifest.json`] };
  }
  const response = await fetch(apiAddress('export'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ filter: request.filter, format: request.format, seqs: request.seqs, jobId: request.jobId }),
  });
  const reply = (await response
    .json()
    .catch(() => ({ ok: false, error: `Export failed with HTTP ${response.status}.` }))) as
    | { ok: true; value: { manifest: ExportManifest; files: { name: string; url: string }[] } }
    | { ok: false; error: string };
  if (!reply.ok) throw new ServiceError(reply.error, 'export');
  for (const file of reply.value.files) await download(file.url, file.name);
  return { manifest: reply.value.manifest, files: reply.value.files.map((f) => f.name) };
}

export async function download(url: string, name: string): Promise<void> {
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) throw new ServiceError(`Downloading ${name} failed with HTTP ${response.status}.`, 'export');
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
