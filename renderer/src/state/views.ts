// Views that can be returned to: the recent filters, and views the user named. A view is its URL
// hash (`#actor=…&status=…`), so it can also be copied as a link.
import { readJsonSetting, writeJsonSetting } from './settings';

export interface View {
  hash: string;
  name?: string;
}

const RECENT = 'views.recent';
const NAMED = 'views.named';
const MAX_RECENT = 12;

export function recentViews(): View[] {
  const list = readJsonSetting<unknown>(RECENT, []);
  return Array.isArray(list) ? list.filter((v): v is View => typeof v?.hash === 'string') : [];
}

export function namedViews(): View[] {
  const list = readJsonSetting<unknown>(NAMED, []);
  return Array.isArray(list)
    ? list.filter((v): v is View => typeof v?.hash === 'string' && typeof v?.name === 'string')
    : [];
}

/** Puts a filter at the top of the recent list (the empty filter is not a view worth keeping). */
export function rememberView(hash: string): void {
  if (!hash) return;
  writeJsonSetting(RECENT, [{ hash }, ...recentViews().filter((v) => v.hash !== hash)].slice(0, MAX_RECENT));
}

/** Names the view; a name already used now points at this view. */
export function nameView(name: string, hash: string): void {
  const trimmed = name.trim().slice(0, 80);
  if (!trimmed) return;
  writeJsonSetting(NAMED, [{ name: trimmed, hash }, ...namedViews().filter((v) => v.name !== trimmed)].slice(0, 50));
}

export function forgetNamedView(name: string): void {
  writeJsonSetting(
    NAMED,
    namedViews().filter((v) => v.name !== name),
  );
}
