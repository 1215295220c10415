// Runs the real `signtrail` CLI (the built bundle when there is one, else the TypeScript source)
// and its browser mode, against stores in a temp folder.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EventPage } from '../../shared/results';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

function cliCommand(): { command: string; args: string[] } {
  const bundle = path.join(ROOT, 'dist-electron', 'cli.js');
  if (fs.existsSync(bundle) && !process.env.SIGNTRAIL_FROM_SOURCE) return { command: process.execPath, args: [bundle] };
  return {
    command: path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    args: [path.join(ROOT, 'electron', 'cli', 'main.ts')],
  };
}

export interface Workspace {
  dir: string;
  home: string;
  store: string;
  cleanup(): void;
}

export function makeWorkspace(name: string): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `signtrail-e2e-${name}-`));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  return {
    dir,
    home,
    store: path.join(dir, `${name}.sqlite`),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `signtrail ARGS` and returns its stdout; a non-zero exit throws with stderr. */
export async function signtrail(ws: Workspace, args: string[], { allowExit1 = false } = {}): Promise<string> {
  const { command, args: base } = cliCommand();
  try {
    const { stdout } = await run(command, [...base, ...args], {
      cwd: ROOT,
      env: { ...process.env, SIGNTRAIL_HOME: ws.home },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (allowExit1 && e.code === 1 && e.stdout) return e.stdout;
    throw new Error(`signtrail ${args.join(' ')} failed (exit ${e.code}): ${e.stderr ?? ''}`);
  }
}

/** `signtrail query --json` with the given filter flags, newest first like the grid. */
export async function query(ws: Workspace, flags: string[], limit = 100, sort = 'timestamp:desc'): Promise<EventPage> {
  return JSON.parse(
    await signtrail(ws, ['query', '--store', ws.store, '--json', '--limit', String(limit), '--sort', sort, ...flags]),
  );
}

export interface Served {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `signtrail serve` on a free port and waits for the URL it prints; `env` adds variables. */
export async function serve(ws: Workspace, env: Record<string, string> = {}): Promise<Served> {
  const { command, args } = cliCommand();
  const token = `e2e-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const child: ChildProcess = spawn(command, [...args, 'serve', '--store', ws.store, '--port', '0', '--token', token], {
    cwd: ROOT,
    env: { ...process.env, ...env, SIGNTRAIL_HOME: ws.home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`signtrail serve printed no URL in 60 s: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`signtrail serve exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
