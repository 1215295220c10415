// Electron security checklist 7, "Define a Content Security Policy": no remote code, no eval,
// no plugins; inline styles only, because MUI (emotion) injects <style> tags at run time.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy as a <meta> tag allows it: browsers ignore frame-ancestors there (the header carries it). */
export function metaContentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
}

/** The Vite dev server needs its inline React-refresh preamble and a websocket; development only. */
export function devContentSecurityPolicy(devServerOrigin: string): string {
  const ws = devServerOrigin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws}`,
  );
}

interface HeadersDetails {
  responseHeaders?: Record<string, string | string[]>;
}
export interface SessionWithWebRequest {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersDetails,
        callback: (response: { responseHeaders: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Adds the CSP header to every response the window loads (the bundle also carries it as a meta tag, for file://). */
export function applyContentSecurityPolicy(session: SessionWithWebRequest, policy = CONTENT_SECURITY_POLICY): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [policy],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}
