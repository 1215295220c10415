// Who may talk to browser mode: requests addressed to this loopback port (DNS rebinding), from
// this origin or none (no cross-site calls; no CORS headers are ever sent), holding the token.
import crypto from 'node:crypto';
import { RULE_FOLDER_BROWSER_REFUSAL } from '../../shared/ruleFolders';

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

/**
 * Browser mode never lets the page name a file or folder on this machine: it imports by upload
 * and exports by download instead. Returns why a call is refused, or null when it may go ahead.
 */
export function refusedInBrowserMode(channel: string, args: unknown): string | null {
  if (channel === 'import.files') {
    return 'In browser mode, import by uploading files (the Import button); a web page may not name files on this machine.';
  }
  if (channel === 'report.run') {
    return 'In browser mode, a report is downloaded (the Reports dialog); a web page may not name files on this machine.';
  }
  if (channel === 'export.run') {
    return 'In browser mode, export by download (the Export button); a web page may not name files on this machine.';
  }
  if (channel === 'sync.addSource' && args && typeof args === 'object' && 'tokenEnv' in args) {
    return 'In browser mode a web page may not name an environment variable to send as a token (tokenEnv): a page could send any secret of this machine to any URL. Add this source with "signtrail sources add --token-env NAME" on the command line.';
  }
  if (channel === 'sync.confirmSource') {
    return 'In browser mode a web page may not confirm a sync source: confirm it with "signtrail sources confirm --store FILE --name NAME" on the command line.';
  }
  if (channel === 'detect.addFolder' || channel === 'detect.confirmFolder') return RULE_FOLDER_BROWSER_REFUSAL;
  if (channel === 'evidence.make') {
    return 'In browser mode, make an evidence package by download (the Evidence button); a web page may not name folders on this machine.';
  }
  if (channel === 'sync.addSource' && args && typeof args === 'object') {
    const named = ['folder', 'tokenFile', 'caFile'].filter((k) => (args as Record<string, unknown>)[k] !== undefined);
    if (named.length > 0) {
      return `In browser mode a web page may not name files on this machine (${named.join(', ')}); add this source with "signtrail sources add" on the command line, then sync it here.`;
    }
  }
  return null;
}
