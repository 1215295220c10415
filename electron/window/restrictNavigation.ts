// Electron security checklist 13, "Disable or limit navigation", and 14, "Disable or limit creation
// of new windows": the window never leaves the app; links open nowhere; no <webview>.
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function restrictNavigation(contents: WebContentsLike, onRefused: (url: string) => void = () => {}): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    onRefused(url);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    onRefused(url);
    return { action: 'deny' };
  });
}
