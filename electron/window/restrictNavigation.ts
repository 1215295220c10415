// Electron security checklist 13, "Disable or limit navigation", and 14, "Disable or limit creation
// of new windows": the window never leaves the app's own pages (app://signtrail/, or the dev
// server in development); links open nowhere; no <webview>.
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (event: { preventDefault(): void; url?: string }, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface NavigationPolicy {
  /** True for a URL of the app's own pages (isTrustedSender with the app's origins). */
  isAppPage(url: string): boolean;
  /** Told of every refused navigation or window. */
  onRefused?(url: string): void;
}

export function restrictNavigation(contents: WebContentsLike, policy: NavigationPolicy): void {
  const guard = (event: { preventDefault(): void; url?: string }, url: string) => {
    const target = url ?? event.url ?? '';
    if (policy.isAppPage(target)) return;
    event.preventDefault();
    policy.onRefused?.(target);
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    policy.onRefused?.(url);
    return { action: 'deny' };
  });
}
