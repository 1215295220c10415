// Electron security checklist 18, "Avoid usage of the file:// protocol": the renderer is served
// from app://signtrail/ by a handler that answers only files of the built renderer (dist/), never
// a path outside it, with the same CSP the header and the page's meta tag carry.
import fs from 'node:fs';
import { contentTypeOf, resolveStaticPath } from '../serve/staticFiles';

export const APP_SCHEME = 'app';
export const APP_HOST = 'signtrail';
/** The origin of the app's own pages, as a URL prefix ending in "/". */
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_INDEX_URL = `${APP_ORIGIN_URL}index.html`;

/** The part of Electron's `protocol` module used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  handle(scheme: string, handler: (request: { url: string; method?: string }) => Response | Promise<Response>): void;
}

/**
 * Before the app is ready: app:// is a standard, secure scheme, so relative URLs resolve, the page
 * is a secure context and `'self'` in the CSP means app://signtrail. No service workers, no
 * CORS for others, no bypass of the CSP.
 */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        bypassCSP: false,
        allowServiceWorkers: false,
        corsEnabled: false,
        stream: false,
      },
    },
  ]);
}

/** The headers of every answer, a file or a refusal: its type, the app's CSP, no sniffing, no cache. */
function headersFor(type: string, policy: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** Why a request was refused, for the 4xx answer's body (never the content of any file). */
function refusal(policy: string) {
  return (status: number, reason: string): Response =>
    new Response(reason, { status, headers: headersFor('text/plain; charset=utf-8', policy) });
}

/**
 * The answer to one app:// request: a file of `rendererDir`, or 400/403/404/405. A request for
 * another host, a path with "..", a backslash or NUL (also percent-encoded), or a symbolic link
 * leaving the folder is refused.
 */
export function answerAppRequest(
  request: { url: string; method?: string },
  rendererDir: string,
  policy: string,
  builtIn: Record<string, { type: string; body: string }> = {},
): Response {
  const refuse = refusal(policy);
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'Only GET and HEAD are answered.');
  // Read the raw path before any URL parser normalises "..": a request that spells one is refused
  // outright, not quietly mapped somewhere else.
  const match = /^app:\/\/([^/?#]*)(\/[^?#]*)?/i.exec(request.url);
  if (!match) return refuse(400, 'Not an app:// URL.');
  const [, host, rawPath = '/'] = match;
  if (host.toLowerCase() !== APP_HOST) return refuse(403, `app://${host} is not this app.`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(400, 'The path is not valid percent-encoding.');
  }
  if (/(^|[/\\])\.\.([/\\]|$)/.test(decoded) || decoded.includes('\\') || decoded.includes('\0')) {
    return refuse(403, 'The path leaves the app.');
  }
  const headers = (type: string) => headersFor(type, policy);
  // Pages of the shell itself (the passphrase prompt), from code, not from disk.
  const own = Object.hasOwn(builtIn, decoded) ? builtIn[decoded] : undefined;
  if (own) return new Response(method === 'HEAD' ? null : own.body, { status: 200, headers: headers(own.type) });
  const file = resolveStaticPath(rendererDir, rawPath);
  if (!file) return refuse(404, 'No such file in the app.');
  return new Response(method === 'HEAD' ? null : fs.readFileSync(file), {
    status: 200,
    headers: headers(contentTypeOf(file)),
  });
}

/** After ready: answers app:// from the built renderer folder. */
export function handleAppProtocol(
  protocol: Pick<ProtocolLike, 'handle'>,
  rendererDir: string,
  policy: string,
  builtIn: Record<string, { type: string; body: string }> = {},
): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(request, rendererDir, policy, builtIn));
}
