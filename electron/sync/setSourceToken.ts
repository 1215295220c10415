// 'sync.setToken': hands an HTTP source's token to the app's vault, which seals it. Refused where
// the sealed token would never be read, so the user is not left believing it is in use.
import type { Db } from '../store/db';
import { SyncError } from './errors';
import { getSource } from './sources';
import type { TokenVault } from './tokens';

export async function setSourceToken(
  db: Db,
  vault: TokenVault | undefined,
  name: string,
  token: string,
): Promise<{ stored: true }> {
  const source = getSource(db, name);
  if (source.kind !== 'http')
    throw new SyncError('config', `source ${name} is a drop folder; a folder source takes no token.`);
  const place = source.tokenEnv ? `$${source.tokenEnv}` : source.tokenFile ? `the file ${source.tokenFile}` : null;
  if (place)
    throw new SyncError(
      'config',
      `source ${name} reads its token from ${place}, so a sealed token would not be used. Remove the source and add it again with "Token (sealed with the OS keystore)".`,
    );
  if (!vault)
    throw new SyncError(
      'config',
      `this app has no OS keystore to seal the token for source ${name} (Electron safeStorage is unavailable). Give the token through an environment variable or a file with mode 0600 instead.`,
    );
  await vault.set(name, token);
  return { stored: true };
}
