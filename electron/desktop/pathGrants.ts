// Which files the renderer may name. The window is sandboxed and under a strict CSP, but should it
// ever run hostile script, a path argument is the way out to the disk: so in the desktop app a
// path reaches the service only if the user chose it here, in a native dialog, by dropping the
// file on the window, or earlier as a case (the recent-cases list). Browser mode takes no paths.
import path from 'node:path';
import type { Channel } from '../../shared/channels';
import { companionFiles, companionOwner } from '../../shared/companionFiles';
import { isTrustedSender, type TrustedOrigins } from '../ipc/isTrustedSender';

export type GrantPurpose = 'import' | 'export' | 'case' | 'checkpoint' | 'source' | 'rules';

/** Thrown for a path the user did not choose; the dispatcher answers it as an error envelope. */
export class UngrantedPathError extends Error {
  override name = 'UngrantedPathError';
}

export interface PathGrants {
  grant(paths: readonly string[], purposes: readonly GrantPurpose[]): void;
  /**
   * True for a file the user chose for this use, and, for an export or an import, for exactly the
   * companions of one (FILE.manifest.json, FILE.checkpoint, FILE.key: what an export writes beside
   * FILE and a sealed import reads beside it); never for any other file near it.
   */
  isGranted(file: string, purpose: GrantPurpose): boolean;
  /** Throws UngrantedPathError when a channel names a path the user did not choose for that use. */
  guard(channel: Channel, args: unknown): void;
}

/** Channel → the path arguments it takes and what they are for. */
const PATH_ARGUMENTS: Partial<Record<Channel, (args: never) => [string, GrantPurpose][]>> = {
  'import.files': (args: { paths: string[] }) => args.paths.map((p) => [p, 'import']),
  'export.run': (args: { path: string }) => [[args.path, 'export']],
  // An evidence package is a folder written where the user chose to save it.
  'evidence.make': (args: { out: string }) => [[args.out, 'export']],
  'report.run': (args: { path: string }) => [[args.path, 'export']],
  // Only a file the user saved (a report) is opened in the system's app.
  'app.openPath': (args: { path: string }) => [[args.path, 'export']],
  'case.open': (args: { path: string }) => [[args.path, 'case']],
  // A source's folder is read from, its token file sent to its URL: both must be the user's choice.
  'sync.addSource': (args: { folder?: string; tokenFile?: string; caFile?: string }) =>
    [args.folder, args.tokenFile, args.caFile].filter((p): p is string => !!p).map((p) => [p, 'source']),
  // A rule folder is read at every detection run: only one the user chose in the folder dialog.
  'detect.addFolder': (args: { folder: string }) => [[args.folder, 'rules']],
};

/** Uses whose grant for FILE also covers FILE's companions (shared/companionFiles.ts). */
const COVERS_COMPANIONS: ReadonlySet<GrantPurpose> = new Set(['export', 'import']);

/** `recentCases`: cases opened before, which may be opened again without a dialog. */
export function createPathGrants(recentCases: () => readonly string[]): PathGrants {
  const granted = new Map<string, Set<GrantPurpose>>();
  const key = (file: string) => path.resolve(file);

  /** The user chose this very file for this use. */
  const isChosen = (file: string, purpose: GrantPurpose): boolean =>
    granted.get(key(file))?.has(purpose) === true ||
    (purpose === 'case' && recentCases().some((p) => key(p) === key(file)));

  const isGranted = (file: string, purpose: GrantPurpose): boolean => {
    if (isChosen(file, purpose)) return true;
    if (!COVERS_COMPANIONS.has(purpose)) return false;
    const owner = companionOwner(key(file));
    return owner !== null && isChosen(owner, purpose);
  };

  return {
    grant(paths, purposes) {
      for (const p of paths) {
        const set = granted.get(key(p)) ?? new Set<GrantPurpose>();
        for (const purpose of purposes) set.add(purpose);
        granted.set(key(p), set);
      }
    },
    isGranted,
    guard(channel, args) {
      const named = PATH_ARGUMENTS[channel]?.(args as never) ?? [];
      for (const [file, purpose] of named) {
        // The service opens the string it is given: one spelled with "..", "." or doubled
        // separators could step through a symlink to somewhere else than the file it names.
        if (file !== path.resolve(file)) {
          throw new UngrantedPathError(
            `Refused "${channel}": ${JSON.stringify(file)} is not an absolute, normalised path. Choose the file again.`,
          );
        }
        // The file named must be the one chosen: a companion of a chosen file is not itself chosen.
        if (!isChosen(file, purpose)) {
          throw new UngrantedPathError(
            `Refused "${channel}": ${JSON.stringify(file)} was not chosen in a dialog or dropped on the window. Choose the file again.`,
          );
        }
        // What the service writes or reads beside it must be covered by that choice.
        if (COVERS_COMPANIONS.has(purpose)) {
          for (const companion of Object.values(companionFiles(file))) {
            if (!isGranted(companion, purpose)) {
              throw new UngrantedPathError(
                `Refused "${channel}": ${JSON.stringify(companion)}, beside ${JSON.stringify(file)}, is not covered by the file you chose.`,
              );
            }
          }
        }
      }
    },
  };
}

/** The synchronous IPC event the preload sends for a dropped file. */
export interface DroppedEventLike {
  senderFrame?: { url: string } | null;
  returnValue: unknown;
}

/** Grants a dropped file for import when the app's own page reports it; answers whether it did. */
export function acceptDroppedPaths(grants: PathGrants, trusted: TrustedOrigins) {
  return (event: DroppedEventLike, file: unknown): void => {
    const ok =
      isTrustedSender(event.senderFrame?.url, trusted) &&
      typeof file === 'string' &&
      file.length > 0 &&
      file.length <= 4096 &&
      path.isAbsolute(file);
    if (ok) grants.grant([file], ['import']);
    event.returnValue = ok;
  };
}

/**
 * The desktop app's guard: path grants, and the user's own yes before a source sends the value of
 * an environment variable as its bearer token (page script could otherwise name any variable and
 * a URL of its choosing). The question is asked in a native box, with the variable and the host.
 */
export function createDesktopGuard(
  grants: PathGrants,
  confirm: (message: string, detail: string, yes: string) => Promise<boolean>,
): (channel: Channel, args: unknown) => Promise<void> {
  return async (channel, args) => {
    grants.guard(channel, args);
    if (channel === 'detect.confirmFolder') {
      // A folder that came with the case file: its rules are read only after the user says yes.
      const { folder } = args as { folder: string };
      const allowed = await confirm(
        `Read the rule folder ${folder}?`,
        `This case names the rule folder ${folder}, which this installation has not confirmed: the case file may come from someone else. Its rules will be read at every detection run over this case. Confirm only if you know this folder.`,
        'Confirm',
      );
      if (!allowed) throw new UngrantedPathError(`Refused "detect.confirmFolder": ${folder} was not confirmed.`);
      return;
    }
    if (channel === 'sync.confirmSource') {
      // A source that came with the case file: the user says yes to where it sends its token.
      const { name, location } = args as { name: string; location: string };
      const allowed = await confirm(
        `Use the sync source "${name}" of this case?`,
        `This case names a source "${name}" at ${location} that this installation has not confirmed: the case file may come from someone else, and a sync sends the source's token there. Confirm only if you know this source.`,
        'Confirm',
      );
      if (!allowed) throw new UngrantedPathError(`Refused "sync.confirmSource": source ${name} was not confirmed.`);
      return;
    }
    if (channel !== 'sync.addSource') return;
    const { name, url, tokenEnv } = args as { name: string; url?: string; tokenEnv?: string };
    if (!tokenEnv || !url) return;
    const host = new URL(url).host;
    const allowed = await confirm(
      `Send $${tokenEnv} to ${host}?`,
      `The sync source "${name}" will read the environment variable ${tokenEnv} at each sync and send its value as the bearer token to ${url}. Allow it only if you set this source up yourself.`,
      'Allow',
    );
    if (!allowed) {
      throw new UngrantedPathError(`Refused "sync.addSource": sending $${tokenEnv} to ${host} was not allowed.`);
    }
  };
}
