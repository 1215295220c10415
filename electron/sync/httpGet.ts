// One GET with node:http/https: a bounded body, an idle timeout, TLS verified (plus an optional
// extra CA), and faults sorted into "try again" (TransientHttpError) and "stop" (SyncError).
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { SyncError, TransientHttpError } from './errors';

export interface HttpGetOptions {
  /** Milliseconds without a byte from the server before the request counts as timed out. */
  timeoutMs: number;
  maxBodyBytes: number;
  headers?: Record<string, string>;
  agent?: http.Agent;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  body: Buffer;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);

/**
 * A keep-alive agent for one sync run. Servers are verified against the operating system's
 * certificate store where Node can read it (Node 22.15+, so in the desktop app's Electron), else
 * Node's default roots (with NODE_EXTRA_CA_CERTS); with `extraCaPem`, that CA is trusted besides.
 */
export function createAgent(url: URL, extraCaPem: string | null): http.Agent {
  if (url.protocol === 'http:') return new http.Agent({ keepAlive: true, maxSockets: 1 });
  const system = systemCertificates();
  const ca = extraCaPem ? [...(system ?? tls.rootCertificates), extraCaPem] : (system ?? undefined);
  return new https.Agent({ keepAlive: true, maxSockets: 1, ca });
}

/** Node's default roots plus the OS store, where this Node can read the OS store; else null. */
function systemCertificates(): string[] | null {
  const getCa = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return getCa ? [...new Set([...getCa('default'), ...getCa('system')])] : null;
}

export function httpGet(url: URL, options: HttpGetOptions): Promise<HttpAnswer> {
  const where = `${url.origin}${url.pathname}`;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new SyncError('cancelled', `the request to ${where} was cancelled.`));
    let settled = false;
    // The first outcome wins: a destroyed request can still emit 'end' or a second error after it.
    const settle = (outcome: Error | HttpAnswer) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof Error) {
        req.destroy();
        reject(outcome);
      } else resolve(outcome);
    };
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { headers: { accept: 'application/json', ...options.headers }, agent: options.agent });
    const onAbort = () => settle(new SyncError('cancelled', `the request to ${where} was cancelled.`));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.setTimeout(options.timeoutMs, () =>
      settle(new TransientHttpError(`${where} did not answer within ${options.timeoutMs} ms`)),
    );
    req.on('error', (err) => settle(classify(err, where)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const cut = () => new TransientHttpError(`the connection to ${where} was cut after ${size} bytes of the answer`);
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBodyBytes) {
          settle(
            new SyncError(
              'malformed',
              `the answer of ${where} is larger than ${options.maxBodyBytes} bytes; ask for smaller pages.`,
            ),
          );
        } else chunks.push(chunk);
      });
      res.on('error', (err) => settle(classify(err, where, size)));
      res.on('aborted', () => settle(cut()));
      res.on('close', () => {
        if (!res.complete) settle(cut());
      });
      res.on('end', () => {
        if (!res.complete) return settle(cut());
        if (status >= 500 || status === 429 || status === 408) {
          return settle(new TransientHttpError(`${where} answered ${status} ${res.statusMessage ?? ''}`.trim()));
        }
        settle({ status, statusText: res.statusMessage ?? '', body: Buffer.concat(chunks, size) });
      });
    });
  });
}

function classify(err: Error, where: string, received?: number): Error {
  if (err instanceof SyncError || err instanceof TransientHttpError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/.test(code)) {
    return new SyncError(
      'tls',
      `the certificate of ${where} could not be verified (${code}: ${err.message}). If your organisation runs its own certificate authority, give its certificate with --ca-file.`,
    );
  }
  if (TRANSIENT_CODES.has(code) || err.message === 'socket hang up' || err.message === 'aborted') {
    const after = received ? ` after ${received} bytes of the answer` : '';
    return new TransientHttpError(`the connection to ${where} failed${after} (${code || err.message})`);
  }
  return new SyncError('network', `the request to ${where} failed: ${err.message}${code ? ` (${code})` : ''}.`);
}
