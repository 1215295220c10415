// Electron security checklist 17, "Validate the sender of all IPC messages": only the app's own
// pages may call the service: the bundled renderer (app://signtrail/) or the Vite dev server in
// development. A file:// page, wherever it lies, is never trusted.
export interface TrustedOrigins {
  /** The bundled renderer's URL prefix ending in "/": app://signtrail/ in the app (appProtocol.ts). */
  appBundleUrl: string;
  /** The dev server origin (e.g. "http://localhost:5173"), only in development. */
  devServerOrigin?: string | null;
}

export function isTrustedSender(url: string | null | undefined, trusted: TrustedOrigins): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'app:') {
    const bundle = new URL(trusted.appBundleUrl.endsWith('/') ? trusted.appBundleUrl : `${trusted.appBundleUrl}/`);
    // Compare parsed (normalised) hosts and paths, so "dist/../../etc" or "app://signtrail.evil"
    // cannot slip past a prefix check on the text.
    return bundle.protocol === 'app:' && parsed.host === bundle.host && parsed.pathname.startsWith(bundle.pathname);
  }
  if (!trusted.devServerOrigin || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  return parsed.origin === new URL(trusted.devServerOrigin).origin;
}
