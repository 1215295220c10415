// Which URLs a sync source may use: HTTPS anywhere, plain HTTP only to this machine (loopback).
import net from 'node:net';
import { SyncError } from './errors';

/**
 * Loopback by its name alone: 127.0.0.0/8, ::1 and "localhost". A name under .localhost is not:
 * whatever resolves it (a hosts file, a resolver someone else configured) may send it elsewhere,
 * so plain http:// to it is refused like to any other remote host.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/** Parses a source URL and refuses what must not carry audit events or a bearer token. */
export function checkSourceUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SyncError(
      'config',
      `"${text}" is not a URL. Give the full address, e.g. https://signing.example.com/api/audit/events.`,
    );
  }
  if (url.username || url.password) {
    throw new SyncError(
      'config',
      `the URL ${url.origin} carries a user name or password; remove it and use --token-env or --token-file.`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url;
    throw new SyncError(
      'config',
      `plain http:// is refused for ${url.host}: the token and the events would cross the network unencrypted. Use https://, or http:// only to this machine (127.0.0.1, ::1, localhost).`,
    );
  }
  throw new SyncError(
    'config',
    `the URL scheme ${url.protocol} is not supported; use https:// (or http:// to this machine).`,
  );
}
