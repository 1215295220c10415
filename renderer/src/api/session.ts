// Browser mode's session token: it arrives once as ?token=..., is kept for the tab, and leaves the address bar.
const KEY = 'signtrail.token';

/** Moves a `?token=` from the address bar into sessionStorage; returns the token in use. */
export function adoptTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}

export function sessionToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
