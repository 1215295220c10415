// Who did it, for chain of custody (imports) and export manifests: `user@host`.
import os from 'node:os';

export function currentUser(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // userInfo() throws when the uid has no passwd entry (some containers).
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `${user}@${os.hostname()}`;
}
