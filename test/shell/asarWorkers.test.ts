// Issue 9: the service and worker code stays inside the asar. Every worker a module starts through
// workerEntry(import.meta.url, NAME) is built as NAME.js beside the bundles (scripts/build-node.js),
// resolves, from a bundle staged as packaged (resources/app.asar/dist-electron, no
// app.asar.unpacked), to the file inside the asar, and loads there with all its imports. What
// this cannot show, without an Electron binary, is Electron's own asar reader: docs/desktop.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerEntry } from '../../electron/threads/workerEntry';
// @ts-expect-error plain JS build script without types
import { buildNode, ENTRIES } from '../../scripts/build-node.js';

const root = path.resolve(__dirname, '../..');
let staging: string;
let bundles: string;

/** NAME for every `workerEntry(import.meta.url, 'NAME')` in electron/. */
function workersStarted(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts'))
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/workerEntry\(\s*import\.meta\.url,\s*'([^']+)'\s*\)/g))
          names.add(m[1]);
    }
  };
  walk(path.join(root, 'electron'));
  return [...names].sort();
}

beforeAll(async () => {
  staging = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-asar-workers-'));
  const app = path.join(staging, 'resources', 'app.asar');
  bundles = path.join(app, 'dist-electron');
  await buildNode({ outDir: bundles, quiet: true });
  fs.mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(app, 'node_modules', 'better-sqlite3'));
}, 120_000);
afterAll(() => fs.rmSync(staging, { recursive: true, force: true }));

describe('worker threads in the packaged layout', () => {
  it('every worker started in electron/ is a build entry', () => {
    const started = workersStarted();
    expect(started).toEqual(expect.arrayContaining(['csvWorker', 'importWorker', 'pageWorker', 'verifyWorker']));
    const built = (ENTRIES as { name: string }[]).map((e) => e.name);
    for (const name of started) expect(built, name).toContain(`${name}.js`);
  });

  it('each resolves inside the asar from the bundles that start it, never from app.asar.unpacked or source', () => {
    for (const caller of ['serviceWorker.js', 'cli.js']) {
      const callerUrl = pathToFileURL(path.join(bundles, caller)).href;
      for (const name of workersStarted()) {
        const entry = workerEntry(callerUrl, name);
        expect(entry, `${caller} → ${name}`).toMatchObject({ eval: false });
        const file = (entry as { script: URL }).script.pathname;
        expect(file).toBe(path.join(bundles, `${name}.js`));
        expect(file).toContain(`${path.sep}app.asar${path.sep}`);
      }
    }
    expect(fs.existsSync(path.join(staging, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('each loads there with all its imports (it then stops on its missing job, not on a missing module)', async () => {
    for (const name of workersStarted()) {
      const outcome = await new Promise<{ error?: Error; code: number }>((resolve) => {
        const worker = new Worker(new URL(pathToFileURL(path.join(bundles, `${name}.js`)).href), {
          workerData: undefined,
          stdout: true,
          stderr: true,
        });
        let error: Error | undefined;
        worker.on('error', (err) => (error = err));
        worker.on('exit', (code) => resolve({ error, code }));
        // A worker that waits for messages is loaded once it is online and idle.
        worker.on('online', () => setTimeout(() => void worker.terminate(), 500));
      });
      const message = `${outcome.error?.name ?? ''}: ${outcome.error?.message ?? ''}`;
      expect(message, name).not.toMatch(
        /ERR_MODULE_NOT_FOUND|Cannot find (module|package)|ERR_UNSUPPORTED|SyntaxError/,
      );
      expect((outcome.error as NodeJS.ErrnoException | undefined)?.code, name).not.toBe('ERR_MODULE_NOT_FOUND');
    }
  });
});
