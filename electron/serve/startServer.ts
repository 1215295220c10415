// Browser mode: the same renderer and the same service over HTTP, on 127.0.0.1 only, for one
// person holding the session token. Every call goes through the same dispatch as IPC.
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isChannel, type ChannelResult, type ParsedArgs } from '../../shared/channels';
import { ERROR_CODES, errorCode } from '../../shared/errors';
import { httpRoutes } from '../../shared/httpRoutes';
import type { ImportSummary } from '../../shared/results';
import { DEFAULT_LIMITS } from '../ingest/limits';
import { dispatch, type DispatchDeps } from '../service/dispatch';
import { createJobRegistry } from '../service/jobRegistry';
import type { Service } from '../service/types';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { browserShell } from './browserShell';
import { HttpError, JSON_BODY_LIMIT, readJsonBody, streamBodyToFile } from './body';
import { tarFolder } from '../evidence/tar';
import { attachmentHeader, createDownloadRegistry } from './exportDownloads';
import { hasValidToken, isAllowedHost, isAllowedOrigin, newSessionToken, refusedInBrowserMode } from './guards';
import { createProgressBroadcaster } from './progressStream';
import { resolveStaticPath, sendStaticFile } from './staticFiles';

export interface ServerOptions {
  service: Service;
  /** 0 or absent: a free port. */
  port?: number;
  /** Absent: a fresh random 32-byte token. */
  token?: string;
  /** The built renderer (dist/); null serves a page that says how to build it. */
  staticDir: string | null;
  /** Largest JSON body, default 1 MiB. */
  jsonLimit?: number;
  /** Largest upload, default the importer's file limit. */
  uploadLimit?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const ERROR_STATUS: Partial<Record<string, number>> = {
  [ERROR_CODES.InvalidArgumentsError]: 400,
  [ERROR_CODES.DesktopOnlyError]: 400,
  [ERROR_CODES.SearchSyntaxError]: 400,
  [ERROR_CODES.FilterError]: 400,
  [ERROR_CODES.UnknownChannelError]: 404,
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, err: unknown): void {
  const e = err as Error;
  const code = errorCode(err);
  const status = err instanceof HttpError ? err.status : (ERROR_STATUS[code] ?? 500);
  if (res.headersSent) return void res.destroy();
  sendJson(res, status, { ok: false, error: e?.message ?? String(err), code });
}

function uploadName(raw: string | null): string {
  // Control characters have no place in a file name shown back to the user.
  // eslint-disable-next-line no-control-regex
  const name = path.basename(raw ?? '').replace(/[\x00-\x1f]/g, '');
  if (!name || name === '.' || name === '..' || name.length > 255) {
    throw new HttpError(400, 'Upload needs ?name=<file name> (1 to 255 characters, no folders).');
  }
  return name;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newSessionToken();
  if (!/^[A-Za-z0-9_-]{16,200}$/.test(token))
    throw new Error('The session token must be 16 to 200 letters, digits, - or _.');
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-serve-'));
  const downloads = createDownloadRegistry(path.join(tempRoot, 'exports'));
  const progress = createProgressBroadcaster();
  const jobs = createJobRegistry((event) => progress.publish(event));
  const deps: DispatchDeps = {
    service: () => options.service,
    jobs,
    host: 'browser',
    shell: browserShell(),
  };
  const call = <C extends 'import.files' | 'export.run' | 'evidence.make' | 'report.run'>(channel: C, args: unknown) =>
    dispatch(channel, args, deps) as Promise<ChannelResult<C>>;
  let port = 0;

  async function upload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const name = uploadName(query.get('name'));
    const dir = fs.mkdtempSync(path.join(tempRoot, 'upload-'));
    try {
      const file = path.join(dir, name);
      await streamBodyToFile(req, file, options.uploadLimit ?? DEFAULT_LIMITS.maxFileBytes);
      const args: Partial<ParsedArgs<'import.files'>> = { paths: [file] };
      if (query.get('assumeTz')) args.assumeTz = query.get('assumeTz')!;
      if (query.get('jobId')) args.jobId = query.get('jobId')!;
      const summaries = await call('import.files', args);
      sendJson(res, 200, { ok: true, value: summaries.map((s: ImportSummary) => ({ ...s, file: name })) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  async function exportRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, options.jsonLimit ?? JSON_BODY_LIMIT);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'The export request must be a JSON object.');
    const format = (body as { format?: unknown }).format;
    const extension =
      format === 'ndjson' || format === 'sealed' || format === 'cef'
        ? format
        : format === 'ocsf' || format === 'ecs'
          ? `${format}.ndjson`
          : 'csv';
    const folder = downloads.createFolder();
    const fileName = `signtrail-export-${new Date().toISOString().replace(/[:.]/g, '-')}.${extension}`;
    const manifest = await call('export.run', { ...body, path: path.join(folder.dir, fileName) });
    sendJson(res, 200, {
      ok: true,
      value: { manifest: { ...manifest, file: fileName }, files: downloads.publish(folder) },
    });
  }

  /** Browser mode's evidence package: written in a private folder, handed over as one .tar download. */
  async function evidenceRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, options.jsonLimit ?? JSON_BODY_LIMIT);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'The evidence request must be a JSON object.');
    const folder = downloads.createFolder();
    const name = `signtrail-evidence-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const out = path.join(folder.dir, name);
    const summary = await call('evidence.make', { ...body, out });
    tarFolder(out, path.join(folder.dir, `${name}.tar`));
    fs.rmSync(out, { recursive: true, force: true });
    sendJson(res, 200, {
      ok: true,
      value: { summary: { ...summary, folder: name }, files: downloads.publish(folder) },
    });
  }

  /** A compliance report written into a download folder of its own; the page then fetches it. */
  async function reportRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, options.jsonLimit ?? JSON_BODY_LIMIT);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'The report request must be a JSON object.');
    const { format, framework } = body as { format?: unknown; framework?: unknown };
    const extension = format === 'pdf' ? 'pdf' : format === 'oscal' ? 'oscal.json' : 'html';
    const folder = downloads.createFolder();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const fileName = `signtrail-${typeof framework === 'string' ? framework.replace(/[^a-z0-9-]/g, '') : 'report'}-${stamp}.${extension}`;
    const outcome = await call('report.run', { ...body, path: path.join(folder.dir, fileName) });
    sendJson(res, 200, {
      ok: true,
      value: { outcome: { ...outcome, file: fileName }, files: downloads.publish(folder) },
    });
  }

  async function download(res: ServerResponse, id: string, name: string): Promise<void> {
    const file = downloads.find(id, name);
    if (!file) throw new HttpError(404, 'No such download; export again.');
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': attachmentHeader(name),
      'Content-Length': fs.statSync(file).size,
      'Cache-Control': 'no-store',
    });
    await pipeline(fs.createReadStream(file), res);
  }

  /** A percent-encoded path part; a malformed one names nothing here. */
  function decodePathPart(part: string): string {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new HttpError(404, 'No such route: the address is not valid percent-encoding.');
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = url.pathname.slice('/api/'.length);
    const method = req.method ?? 'GET';
    // The HTTP-only routes of shared/httpRoutes.ts first; every other route is a channel.
    if (route === httpRoutes.progress.path && method === 'GET') return progress.attach(res);
    const downloadMatch = /^download\/([0-9a-f]{32})\/([^/]+)$/.exec(route);
    if (downloadMatch && method === 'GET') return download(res, downloadMatch[1], decodePathPart(downloadMatch[2]));
    if (method !== 'POST') throw new HttpError(405, `${method} ${url.pathname} is not supported; API calls are POST.`);
    if (route === httpRoutes.upload.path) return upload(req, res, url.searchParams);
    if (route === httpRoutes.export.path) return exportRun(req, res);
    if (route === httpRoutes.evidence.path) return evidenceRun(req, res);
    if (route === httpRoutes.report.path) return reportRun(req, res);
    const channel = decodePathPart(route);
    if (!isChannel(channel))
      throw new HttpError(
        404,
        `Unknown channel "${channel.slice(0, 80)}": the app knows only the channels in shared/channels.ts.`,
      );
    const args = await readJsonBody(req, options.jsonLimit ?? JSON_BODY_LIMIT);
    const refusal = refusedInBrowserMode(channel, args);
    if (refusal) throw new HttpError(403, refusal);
    sendJson(res, 200, { ok: true, value: await dispatch(channel, args, deps) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    if (!isAllowedHost(req.headers.host, port))
      throw new HttpError(
        403,
        'Refused: the Host header is not this loopback server (127.0.0.1 or localhost at this port).',
      );
    if (!isAllowedOrigin(req.headers.origin, port))
      throw new HttpError(403, 'Refused: requests from other origins are not allowed.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) {
      if (!hasValidToken(req.headers.authorization, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw new HttpError(
          401,
          'Missing or wrong session token: open the URL SignTrail printed (it holds ?token=...).',
        );
      }
      return api(req, res, url);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not supported here.`);
    if (!options.staticDir) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end(
        'The SignTrail UI is not built. Run "npm run build:renderer", then start "signtrail serve" again.\n',
      );
    }
    let file = resolveStaticPath(options.staticDir, url.pathname);
    // Paths without a file extension are the app's own routes: the single page answers them.
    if (!file && !path.posix.extname(url.pathname) && !url.pathname.includes('..'))
      file = resolveStaticPath(options.staticDir, '/');
    if (!file) throw new HttpError(404, 'Not found.');
    return sendStaticFile(res, file);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      // A body we refused may still be arriving; drain it so the client reads our answer.
      req.resume();
      sendError(res, err);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      jobs.cancelAll();
      progress.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(tempRoot, { recursive: true, force: true });
    },
  };
}
