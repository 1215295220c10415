// The desktop shell's channels: native dialogs, cases and the app's mode. Browser mode has none of
// these but app.mode; sync.setToken is desktop-only too, but the case's service answers it.
import type { ShellHandlers } from '../service/dispatch';
import type { CaseSession } from './caseSession';
import type { PathGrants } from './pathGrants';

export interface NativeDialogs {
  openFiles(purpose: 'import' | 'checkpoint' | 'case' | 'folder' | 'file'): Promise<string[]>;
  save(defaultName: string): Promise<string | null>;
  /** A yes/no question in a native box, which page script cannot draw or answer. */
  confirm(message: string, detail: string, yes: string): Promise<boolean>;
}

/** Paths the user picks in a dialog are granted for that use (see pathGrants.ts). */
export function createDesktopHandlers(dialogs: NativeDialogs, cases: CaseSession, grants: PathGrants): ShellHandlers {
  return {
    'app.openFilesDialog': async (args) => {
      const paths = await dialogs.openFiles(args.purpose);
      // A sync source's folder, token file and CA file are all granted as "source".
      grants.grant(paths, [args.purpose === 'folder' || args.purpose === 'file' ? 'source' : args.purpose]);
      return paths;
    },
    'app.saveDialog': async (args) => {
      const file = await dialogs.save(args.defaultName);
      // A saved-as file is an export or a new case; the renderer says which by the next call.
      if (file) grants.grant([file], ['export', 'case']);
      return file;
    },
    'case.recent': () => cases.recent(),
    'case.open': (args, ctx) => cases.open(args.path, ctx),
    'case.demo': (args, ctx) => cases.openDemo(args.events, ctx),
    'app.mode': () => ({ mode: 'desktop', hasStore: cases.hasStore() }),
  };
}
