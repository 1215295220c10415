// The desktop shell's channels: native dialogs, cases and the app's mode. Browser mode has none of
// these but app.mode; sync.setToken is desktop-only too, but the case's service answers it.
import path from 'node:path';
import type { ShellHandlers } from '../service/dispatch';
import type { CaseSession } from './caseSession';
import type { PathGrants } from './pathGrants';

export interface NativeDialogs {
  openFiles(purpose: 'import' | 'checkpoint' | 'case' | 'folder' | 'file' | 'rules'): Promise<string[]>;
  save(defaultName: string): Promise<string | null>;
  /** A yes/no question in a native box, which page script cannot draw or answer. */
  confirm(message: string, detail: string, yes: string): Promise<boolean>;
}

/** Opens a file in the system's default app: Electron's shell.openPath ('' or an error message). */
export interface FileOpener {
  openPath(file: string): Promise<string>;
}

/** What app.openPath opens: the kinds a report is written as, never a program or a script. */
export const OPENABLE_EXTENSIONS = ['.html', '.pdf', '.json'];

const NO_OPENER: FileOpener = { openPath: async () => 'Opening files is not available in this window.' };

/** Paths the user picks in a dialog are granted for that use (see pathGrants.ts). */
export function createDesktopHandlers(
  dialogs: NativeDialogs,
  cases: CaseSession,
  grants: PathGrants,
  opener: FileOpener = NO_OPENER,
): ShellHandlers {
  return {
    // The guard has already refused a path the save dialog did not grant.
    'app.openPath': async (args) => {
      const ext = path.extname(args.path).toLowerCase();
      if (!OPENABLE_EXTENSIONS.includes(ext))
        return {
          opened: false,
          error: `Only reports (${OPENABLE_EXTENSIONS.join(', ')}) are opened, not ${path.basename(args.path)}.`,
        };
      const error = await opener.openPath(args.path);
      return error ? { opened: false, error } : { opened: true, error: null };
    },
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
