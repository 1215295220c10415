// Desktop cases: a new one (save dialog) or an existing one (open dialog). Null when the user cancels.
import type { StoreInfo } from '../../../shared/results';
import { invoke } from './client';

export async function newCase(): Promise<StoreInfo | null> {
  const path = await invoke('app.saveDialog', { defaultName: 'case.sqlite' });
  return path ? invoke('case.open', { path }) : null;
}

export async function openCase(): Promise<StoreInfo | null> {
  const [path] = await invoke('app.openFilesDialog', { purpose: 'case' });
  return path ? invoke('case.open', { path }) : null;
}
