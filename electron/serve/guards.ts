// Who may talk to browser mode: requests addressed to this loopback port (DNS rebinding), from
// this origin or none (no cross-site calls; no CORS headers are ever sent), holding the token.
import crypto from 'node:crypto';

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** A rebinding page reaches us under its own host name; only the loopback names pass. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** Browsers send Origin on cross-site and on most same-site calls; when present it must be ours. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
export function hasValidToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
  const given = crypto
    .createHash('sha256')
    .update(match ? match[1] : '')
    .digest();
  const expected = crypto.createHash('sha256').update(token).digest();
  return match !== null && crypto.timingSafeEqual(given, expected);
}

export function newSessionToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
