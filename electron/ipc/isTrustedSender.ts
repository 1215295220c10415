// Electron security checklist 17, "Validate the sender of all IPC messages": only the app's own
// pages may call the service: the bundled renderer (file://) or the Vite dev server in development.
export interface TrustedOrigins {
  /** Folder holding the bundled renderer (dist/), as a file:// URL prefix ending in "/". */
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
  if (parsed.protocol === 'file:') {
    const bundle = new URL(trusted.appBundleUrl.endsWith('/') ? trusted.appBundleUrl : `${trusted.appBundleUrl}/`);
    // Compare normalised paths so "dist/../../etc" cannot slip past a prefix check.
    return bundle.protocol === 'file:' && parsed.pathname.startsWith(bundle.pathname) && parsed.host === bundle.host;
  }
  if (!trusted.devServerOrigin) return false;
  return parsed.origin === new URL(trusted.devServerOrigin).origin;
}
