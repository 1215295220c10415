// The desktop app's vault: each source's token sealed with the OS keystore (Electron safeStorage)
// in <home>/sync-tokens.json, mode 0600. The clear token lives only in memory, for one request.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { KeySealer } from '../integrity/keys';
import { SyncError } from './errors';
import type { TokenVault } from './tokens';

export const SEALED_TOKENS_FILE = 'sync-tokens.json';

/** On disk: per case (its store path), per source name, base64 of the sealed token bytes. */
interface SealedTokensFile {
  version: 1;
  /** The sealer's kind, e.g. "electron-safeStorage". */
  sealing: string;
  cases: Record<string, Record<string, string>>;
}

/**
 * `scope` keeps cases apart: two cases may each have a source called "platform". The app passes the
 * case's store path; a moved case file asks for its tokens again.
 */
export function sealedTokenVault(home: string, sealer: KeySealer, scope = ''): TokenVault {
  const file = path.join(home, SEALED_TOKENS_FILE);

  function update(change: (tokens: Record<string, string>) => void): void {
    const content = readTokensFile(file) ?? { version: 1, sealing: sealer.kind, cases: {} };
    const tokens = { ...(content.cases[scope] ?? {}) };
    change(tokens);
    if (Object.keys(tokens).length > 0) content.cases[scope] = tokens;
    else delete content.cases[scope];
    writePrivateFile(file, JSON.stringify({ ...content, sealing: sealer.kind }, null, 2) + '\n');
  }

  return {
    async get(sourceName) {
      const content = readTokensFile(file);
      const sealed = content?.cases[scope]?.[sourceName];
      if (sealed === undefined) return null;
      try {
        return sealer.unseal(Buffer.from(sealed, 'base64')).toString('utf8');
      } catch (err) {
        throw new SyncError(
          'auth',
          `the token for source ${sourceName} is sealed in ${file} but the OS keystore could not open it (${(err as Error).message}). Set the token again in the sources dialog.`,
        );
      }
    },
    async set(sourceName, token) {
      const sealed = sealer.seal(Buffer.from(token, 'utf8')).toString('base64');
      update((tokens) => {
        tokens[sourceName] = sealed;
      });
    },
    describe() {
      return 'the sources dialog (remove the source and add it again with "Token (sealed with the OS keystore)")';
    },
    async forget(sourceName) {
      if (readTokensFile(file)?.cases[scope]?.[sourceName] === undefined) return;
      update((tokens) => {
        delete tokens[sourceName];
      });
    },
  };
}

function readTokensFile(file: string): SealedTokensFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SyncError('config', `cannot read the sealed tokens file ${file}: ${(err as Error).message}.`);
  }
  const content = parseJson(text) as Partial<SealedTokensFile> | null;
  if (content?.version !== 1 || typeof content.cases !== 'object' || content.cases === null) {
    throw new SyncError(
      'config',
      `the sealed tokens file ${file} is not one SignTrail wrote (version 1 with "cases"). Move it aside and set the tokens again in the sources dialog.`,
    );
  }
  return content as SealedTokensFile;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Written beside the target at mode 0600, then renamed over it: a crash never leaves half a file. */
function writePrivateFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
