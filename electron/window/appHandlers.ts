// The desktop-only channels: native dialogs, cases and sealed tokens. Browser mode has none of these.
import type { AppHandlers } from '../ipc/dispatch';
import type { CaseSession } from './caseSession';

export interface NativeDialogs {
  openFiles(purpose: 'import' | 'checkpoint' | 'case'): Promise<string[]>;
  save(defaultName: string): Promise<string | null>;
}

export function createAppHandlers(dialogs: NativeDialogs, cases: CaseSession): AppHandlers {
  return {
    'app.openFilesDialog': (args) => dialogs.openFiles(args.purpose),
    'app.saveDialog': (args) => dialogs.save(args.defaultName),
    'case.recent': () => cases.recent(),
    'case.open': (args, ctx) => cases.open(args.path, ctx),
    'case.demo': (args, ctx) => cases.openDemo(args.events, ctx),
    'app.mode': () => ({ mode: 'desktop', hasStore: cases.hasStore() }),
    // Answered by the case's service in the worker, which seals through main's OS keystore.
    'sync.setToken': (args, ctx) => cases.service().invoke('sync.setToken', args, ctx),
  };
}
