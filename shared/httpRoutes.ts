// Browser mode's HTTP-only routes: the part of the contract that is not a channel. Every other
// request is `POST /api/<channel>` with the channel's zod-checked arguments (shared/channels.ts).
// These routes exist because a web page may not name a path on this machine: the server reads an
// uploaded file into a private folder, or writes a result into one and hands it over as a
// download, and streams progress. The desktop does the same work over IPC with native dialogs.
import type { Channel } from './channels';

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** The path under `/api/`; `:id` and `:name` are path parts. */
  path: string;
  /** The channel the route runs (its schema checks the request; the server supplies the path). */
  runs: Channel | null;
  /** What the request carries. */
  body: 'file bytes' | 'JSON arguments' | 'none';
  /** What the route answers. */
  answers: string;
}

export const httpRoutes = {
  upload: {
    method: 'POST',
    path: 'upload',
    runs: 'import.files',
    body: 'file bytes',
    answers: "the import summaries; query: name, and import.files' assumeTz and jobId",
  },
  export: {
    method: 'POST',
    path: 'export',
    runs: 'export.run',
    body: 'JSON arguments',
    answers: 'the manifest and the download addresses of the export and its companions',
  },
  evidence: {
    method: 'POST',
    path: 'evidence',
    runs: 'evidence.make',
    body: 'JSON arguments',
    answers: 'the package summary and the download address of the package as one .tar',
  },
  report: {
    method: 'POST',
    path: 'report',
    runs: 'report.run',
    body: 'JSON arguments',
    answers: 'the report outcome and its download address',
  },
  progress: {
    method: 'GET',
    path: 'progress',
    runs: null,
    body: 'none',
    answers: 'a stream of the long jobs’ progress events',
  },
  download: {
    method: 'GET',
    path: 'download/:id/:name',
    runs: null,
    body: 'none',
    answers: 'a file published by export, evidence or report, sent with no-store',
  },
} as const satisfies Record<string, HttpRoute>;

export type HttpRouteName = keyof typeof httpRoutes;

/** The page-relative address of a route without path parts (the page is served from /). */
export function apiAddress(route: Exclude<HttpRouteName, 'download'>): string {
  return `api/${httpRoutes[route].path}`;
}

/** The address of one published download. */
export function downloadAddress(id: string, name: string): string {
  return `/api/download/${id}/${encodeURIComponent(name)}`;
}
