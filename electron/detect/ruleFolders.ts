// The rule folders a run loads besides the shipped pack and the command line's --rules:
// - this installation's folders, in the SignTrail home (`detection-rule-folders.json`);
// - the case's folders, in the case file's meta table (`detect_rule_folders`). A case file may come
//   from someone else: a folder it names is hostile input. It is shown, never read, until the user
//   of this installation confirms that very folder for that very case; the confirmation is kept in
//   the home (with the folder's real path, so a link swapped to point elsewhere is not followed).
//   "That very case" is the case file's origin AND its real path: the origin is written in the
//   file, so a crafted case could copy another case's origin (it is printed in reports and
//   checkpoints) and load the folders confirmed for that one; its path on this machine it cannot.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RuleFolders, RuleFolderScope, RuleFolderView } from '../../shared/ruleFolders';
import { caseKey } from '../store/caseKey';
import { getMetaUpTo, setMeta, type Db } from '../store/db';

/** What a confirmation is bound to (the case's origin and its file's real path). */
export { caseKey };

export const RULE_FOLDERS_FILE = 'detection-rule-folders.json';
export const CASE_RULE_FOLDERS_META = 'detect_rule_folders';
/** More than this many folders in a case file is refused (the rest are not shown). */
export const MAX_RULE_FOLDERS = 64;
const MAX_PATH = 4096;
/** A case's list longer than this (bytes) is not read at all: 64 long paths fit many times over. */
export const MAX_CASE_RULE_FOLDERS_BYTES = 1024 * 1024;

/** A folder argument or a settings file that cannot be used; the message names what and why. */
export class RuleFolderError extends Error {
  override name = 'RuleFolderError';
}

interface Confirmation {
  /** caseKey(): the case's origin and its file's real path. */
  caseKey: string;
  folder: string;
  /** fs.realpath of the folder when it was confirmed. */
  real: string;
  confirmedAt: string;
}

interface HomeFile {
  version: 1;
  folders: string[];
  confirmed: Confirmation[];
}

/** Why a path is not one SignTrail takes as a folder name, or null. */
function pathProblem(folder: unknown): string | null {
  if (typeof folder !== 'string' || folder.length === 0) return 'not a path';
  if (folder.length > MAX_PATH) return `a path longer than ${MAX_PATH} characters`;
  if (folder.includes('\0')) return 'a path with a NUL character';
  if (!path.isAbsolute(folder) || path.resolve(folder) !== folder)
    return `${JSON.stringify(folder)} is not an absolute, normalised path`;
  return null;
}

/** A folder the user names: absolute, normalised, an existing folder. Returns it. */
export function checkFolderArgument(folder: string): string {
  const problem = pathProblem(folder);
  if (problem) throw new RuleFolderError(`Refused rule folder: ${problem}.`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (err) {
    throw new RuleFolderError(`Refused rule folder ${folder}: ${(err as Error).message}`);
  }
  if (!stat.isDirectory()) throw new RuleFolderError(`Refused rule folder ${folder}: not a folder.`);
  return folder;
}

function realOf(folder: string): string | null {
  try {
    return fs.realpathSync(folder);
  } catch {
    return null;
  }
}

/** The folders the case file names, each checked; what could not be read is a problem, not a folder. */
export function caseRuleFolders(db: Db): { folders: string[]; problems: string[] } {
  const where = `the case's list of rule folders (meta ${CASE_RULE_FOLDERS_META})`;
  // Read on every listing and every detection run: a case file must not make either parse gigabytes.
  const { value: raw, bytes } = getMetaUpTo(db, CASE_RULE_FOLDERS_META, MAX_CASE_RULE_FOLDERS_BYTES);
  if (bytes > MAX_CASE_RULE_FOLDERS_BYTES)
    return {
      folders: [],
      problems: [
        `${where} is ${bytes} bytes, more than ${MAX_CASE_RULE_FOLDERS_BYTES}; it is not read, and no folder of it is shown or loaded`,
      ],
    };
  if (raw === null) return { folders: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { folders: [], problems: [`${where} is not JSON; no folder of it is shown or loaded`] };
  }
  if (!Array.isArray(parsed))
    return { folders: [], problems: [`${where} is not a list; no folder of it is shown or loaded`] };
  const problems: string[] = [];
  if (parsed.length > MAX_RULE_FOLDERS)
    problems.push(`${where} names ${parsed.length} folders; only the first ${MAX_RULE_FOLDERS} are shown`);
  const folders: string[] = [];
  parsed.slice(0, MAX_RULE_FOLDERS).forEach((entry: unknown, i) => {
    const problem = pathProblem(entry);
    if (problem) problems.push(`${where}, entry ${i + 1}: ${problem}; it is ignored`);
    else if (!folders.includes(entry as string)) folders.push(entry as string);
  });
  return { folders, problems };
}

/** Writes the case's list (on the write queue's connection). */
export function setCaseRuleFolders(writer: Db, folders: string[]): void {
  setMeta(writer, CASE_RULE_FOLDERS_META, JSON.stringify(folders));
}

export interface RuleFolderSettings {
  installationFolders(): string[];
  addInstallationFolder(folder: string): void;
  removeInstallationFolder(folder: string): boolean;
  /** Whether this installation confirmed this case's (caseKey) folder as it is now; note says why not. */
  confirmation(caseKey: string, folder: string): { confirmed: boolean; note: string | null };
  confirm(caseKey: string, folder: string): void;
  forget(caseKey: string, folder: string): void;
}

/** This installation's rule folders and confirmations, in the SignTrail home. */
export function homeRuleFolders(home: string): RuleFolderSettings {
  const file = path.join(home, RULE_FOLDERS_FILE);

  function read(): HomeFile {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, folders: [], confirmed: [] };
      throw err;
    }
    let parsed: HomeFile;
    try {
      parsed = JSON.parse(text) as HomeFile;
    } catch {
      parsed = null as unknown as HomeFile;
    }
    if (
      parsed?.version !== 1 ||
      !Array.isArray(parsed.folders) ||
      !Array.isArray(parsed.confirmed) ||
      parsed.folders.some((f) => pathProblem(f) !== null)
    )
      throw new RuleFolderError(
        `${file} is not a list of rule folders SignTrail wrote; remove it and add your rule folders again.`,
      );
    return parsed;
  }

  function write(content: HomeFile): void {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const temp = path.join(home, `.${RULE_FOLDERS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
    fs.writeFileSync(temp, JSON.stringify(content, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    fs.renameSync(temp, file);
  }

  const find = (content: HomeFile, key: string, folder: string) =>
    content.confirmed.find((c) => c.caseKey === key && c.folder === folder);

  return {
    installationFolders: () => read().folders,
    addInstallationFolder(folder) {
      const content = read();
      if (!content.folders.includes(folder)) write({ ...content, folders: [...content.folders, folder] });
    },
    removeInstallationFolder(folder) {
      const content = read();
      const kept = content.folders.filter((f) => f !== folder);
      if (kept.length === content.folders.length) return false;
      write({ ...content, folders: kept });
      return true;
    },
    confirmation(key, folder) {
      const entry = find(read(), key, folder);
      if (!entry)
        return {
          confirmed: false,
          note: 'this case names the folder and this installation never confirmed it for this case file (a confirmation holds for the file at the path where it was given): the case file may come from someone else. Its rules are not read until you confirm it.',
        };
      const real = realOf(folder);
      if (real !== entry.real)
        return {
          confirmed: false,
          note:
            real === null
              ? 'the folder cannot be read now; it is not loaded.'
              : `the folder now leads to ${real}, not to ${entry.real} as when you confirmed it; it is not read until you confirm it again.`,
        };
      return { confirmed: true, note: null };
    },
    confirm(key, folder) {
      const real = realOf(folder);
      if (real === null) throw new RuleFolderError(`Refused rule folder ${folder}: it cannot be read.`);
      const content = read();
      const others = content.confirmed.filter((c) => !(c.caseKey === key && c.folder === folder));
      write({
        ...content,
        confirmed: [...others, { caseKey: key, folder, real, confirmedAt: new Date().toISOString() }],
      });
    },
    forget(key, folder) {
      const content = read();
      const kept = content.confirmed.filter((c) => !(c.caseKey === key && c.folder === folder));
      if (kept.length !== content.confirmed.length) write({ ...content, confirmed: kept });
    },
  };
}

/** Every remembered folder of this installation and this case, with whether it is loaded. */
export function listRuleFolders(settings: RuleFolderSettings, db: Db | null): RuleFolders {
  const folders: RuleFolderView[] = settings
    .installationFolders()
    .map((folder) => ({ folder, scope: 'installation' as RuleFolderScope, confirmed: true, note: null }));
  if (!db) return { folders, problems: [] };
  const key = caseKey(db);
  const named = caseRuleFolders(db);
  for (const folder of named.folders) folders.push({ folder, scope: 'case', ...settings.confirmation(key, folder) });
  return { folders, problems: named.problems };
}

/**
 * The folders a run reads: this installation's, then the case's that are confirmed as they are now.
 * The others are named in `notLoaded` (shown to the user) and never opened.
 */
export function foldersToLoad(
  settings: RuleFolderSettings,
  db: Db | null,
): { dirs: string[]; notLoaded: { folder: string; note: string }[]; problems: string[] } {
  const { folders, problems } = listRuleFolders(settings, db);
  const dirs: string[] = [];
  const notLoaded: { folder: string; note: string }[] = [];
  for (const f of folders) {
    if (!f.confirmed) notLoaded.push({ folder: f.folder, note: f.note ?? 'not confirmed' });
    else if (!dirs.includes(f.folder)) dirs.push(f.folder);
  }
  return { dirs, notLoaded, problems };
}
