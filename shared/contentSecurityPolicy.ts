// Electron security checklist 7, "Define a Content Security Policy": no remote code, no eval,
// no plugins; inline styles only, because MUI (emotion) injects <style> tags at run time. Part of
// the contract: the desktop window and browser mode's server both send it, and the bundle carries it.
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
