// Sends the window's Content Security Policy (shared/contentSecurityPolicy.ts) with every response.
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';

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

/** Adds the CSP header to every response the window loads (app:// answers carry it too, and the bundle as a meta tag). */
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
