// The two ways the renderer reaches the service: the Electron preload, or HTTP in browser mode.
import type { SignTrailApi } from '../../../shared/preload';

/** A door's answer; `code` is one of shared/errors.ts (or another error's name). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string; code?: string };

/** The preload's API, and the path of a dropped file where the shell offers it (Electron's webUtils). */
export type PreloadApi = SignTrailApi & { pathForFile?(file: File): string | null };

declare global {
  interface Window {
    signtrail?: PreloadApi;
  }
}

export function preloadApi(): PreloadApi | null {
  return typeof window !== 'undefined' && window.signtrail ? window.signtrail : null;
}

export type AppMode = 'desktop' | 'browser';

export function appMode(): AppMode {
  return preloadApi() ? 'desktop' : 'browser';
}
