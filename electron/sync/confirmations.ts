// Which sync sources this installation confirmed (docs/threat-model.md, "The case file decides
// where secrets are sent"). A source's row lives in the case file, which someone else may have
// made or edited: its URL, token place and CA file are used only after the user of this
// installation confirmed exactly those, and the confirmation is kept in the SignTrail home
// folder, not in the case. A row that no longer matches its confirmation is refused until the
// user confirms it again.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SyncError } from './errors';
import type { SyncSourceConfig } from './sources';

export const CONFIRMATIONS_FILE = 'sync-sources-confirmed.json';

/** What is confirmed: where events come from, and where a token is read and sent. */
export interface ConfirmedSource {
  /** The case key (the case origin and its file real path, store/caseKey.ts); named when it held the origin alone. */
  storeOrigin: string;
  name: string;
  kind: 'http' | 'folder';
  /** The URL's origin (scheme, host, port) for http; the folder's path for a folder source. */
  target: string;
  tokenEnv: string | null;
  tokenFile: string | null;
  caFile: string | null;
  confirmedAt: string;
}

interface ConfirmationsFile {
  version: 1;
  sources: ConfirmedSource[];
}

function targetOf(source: Pick<SyncSourceConfig, 'kind' | 'location'>): string {
  if (source.kind === 'folder') return source.location;
  try {
    return new URL(source.location).origin;
  } catch {
    return source.location;
  }
}

function describe(c: Pick<ConfirmedSource, 'kind' | 'target' | 'tokenEnv' | 'tokenFile' | 'caFile'>): string {
  const token = c.tokenEnv ? `token from $${c.tokenEnv}` : c.tokenFile ? `token from ${c.tokenFile}` : '';
  return [c.kind === 'folder' ? `folder ${c.target}` : c.target, token, c.caFile ? `CA file ${c.caFile}` : '']
    .filter(Boolean)
    .join(', ');
}

export interface SourceConfirmations {
  isConfirmed(storeOrigin: string, source: SyncSourceConfig): boolean;
  /** Throws a SyncError('config') that asks the user to confirm, when the source is not confirmed as it is. */
  assertConfirmed(storeOrigin: string, source: SyncSourceConfig, storePath?: string): void;
  confirm(storeOrigin: string, source: SyncSourceConfig): ConfirmedSource;
  forget(storeOrigin: string, name: string): void;
  /** What the user is asked to confirm, in one line. */
  describe(source: SyncSourceConfig): string;
}

export function homeConfirmations(home: string): SourceConfirmations {
  const file = path.join(home, CONFIRMATIONS_FILE);

  function read(): ConfirmationsFile {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sources: [] };
      throw err;
    }
    const parsed = JSON.parse(text) as ConfirmationsFile;
    if (parsed?.version !== 1 || !Array.isArray(parsed.sources)) {
      throw new SyncError(
        'config',
        `${file} is not a list of confirmed sources SignTrail wrote; remove it and confirm your sources again.`,
      );
    }
    return parsed;
  }

  function write(content: ConfirmationsFile): void {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const temp = path.join(home, `.${CONFIRMATIONS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
    fs.writeFileSync(temp, JSON.stringify(content, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    fs.renameSync(temp, file);
  }

  function matches(c: ConfirmedSource, storeOrigin: string, s: SyncSourceConfig): boolean {
    return (
      c.storeOrigin === storeOrigin &&
      c.name === s.name &&
      c.kind === s.kind &&
      c.target === targetOf(s) &&
      c.tokenEnv === s.tokenEnv &&
      c.tokenFile === s.tokenFile &&
      c.caFile === s.caFile
    );
  }

  return {
    isConfirmed: (storeOrigin, source) => read().sources.some((c) => matches(c, storeOrigin, source)),
    assertConfirmed(storeOrigin, source, storePath) {
      const content = read();
      if (content.sources.some((c) => matches(c, storeOrigin, source))) return;
      const before = content.sources.find((c) => c.storeOrigin === storeOrigin && c.name === source.name);
      const why = before
        ? `it changed since you confirmed it (then: ${describe(before)}; now: ${this.describe(source)})`
        : `this installation never confirmed it (${this.describe(source)}); the case file may come from someone else`;
      throw new SyncError(
        'config',
        `source ${source.name} was not run: ${why}. Nothing was sent to it. If that is right, confirm it with "signtrail sources confirm --store ${storePath ?? 'FILE'} --name ${source.name}" or in the app's Sync dialog.`,
      );
    },
    confirm(storeOrigin, source) {
      const content = read();
      const entry: ConfirmedSource = {
        storeOrigin,
        name: source.name,
        kind: source.kind,
        target: targetOf(source),
        tokenEnv: source.tokenEnv,
        tokenFile: source.tokenFile,
        caFile: source.caFile,
        confirmedAt: new Date().toISOString(),
      };
      content.sources = [
        ...content.sources.filter((c) => !(c.storeOrigin === storeOrigin && c.name === source.name)),
        entry,
      ];
      write(content);
      return entry;
    },
    forget(storeOrigin, name) {
      const content = read();
      const kept = content.sources.filter((c) => !(c.storeOrigin === storeOrigin && c.name === name));
      if (kept.length !== content.sources.length) write({ ...content, sources: kept });
    },
    describe: (source) =>
      describe({
        kind: source.kind,
        target: targetOf(source),
        tokenEnv: source.tokenEnv,
        tokenFile: source.tokenFile,
        caFile: source.caFile,
      }),
  };
}

/**
 * The app's sealed tokens bound to the URL origin they were entered for: the same source name
 * pointed at another origin (an edited case file) finds no token.
 */
export function originBoundKey(name: string, location: string | null): string {
  if (!location) return name;
  try {
    return `${name} ${new URL(location).origin}`;
  } catch {
    return name;
  }
}
