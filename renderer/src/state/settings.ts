// Small UI preferences kept in localStorage; a storage that refuses (private mode) just forgets.
const PREFIX = 'signtrail.';

export function readSetting(key: string, fallback: string): string {
  try {
    return localStorage.getItem(PREFIX + key) ?? fallback;
  } catch {
    return fallback;
  }
}

export function writeSetting(key: string, value: string): void {
  try {
    localStorage.setItem(PREFIX + key, value);
  } catch {
    /* preferences are a convenience */
  }
}

export function readJsonSetting<T>(key: string, fallback: T): T {
  try {
    return JSON.parse(readSetting(key, '')) as T;
  } catch {
    return fallback;
  }
}

export function writeJsonSetting(key: string, value: unknown): void {
  writeSetting(key, JSON.stringify(value));
}
