// Runs the real `signtrail` bin (bin/signtrail.js) as a child process: the exit status, stdout and
// stderr a user sees. SIGNTRAIL_FROM_SOURCE makes the bin run the TypeScript source, never a stale
// bundle.
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'signtrail.js');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function signtrail(home: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, SIGNTRAIL_HOME: home, SIGNTRAIL_FROM_SOURCE: '1', ...env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== 'number') return reject(error ?? new Error('signtrail ended without an exit status'));
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}
