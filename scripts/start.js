#!/usr/bin/env node
// `npm start`: builds what is missing or stale, then launches the Electron app. Where the Electron
// binary cannot be had (blocked download, optional dependency skipped), says so in one line and
// starts browser mode on the demo case in the SignTrail home instead. `--browser` forces that.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode, isStale } from './build-node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const signtrail = path.join(root, 'bin', 'signtrail.js');

/** The Electron binary's path, or the reason there is none. */
export function findElectron() {
  try {
    // The electron package's main export is the path of its downloaded binary.
    const binary = require('electron');
    if (typeof binary === 'string' && fs.existsSync(binary)) return { binary };
    return { reason: `the electron package has no binary at ${binary}` };
  } catch (err) {
    const message =
      err.code === 'MODULE_NOT_FOUND' ? 'the electron package is not installed' : err.message.split('\n')[0];
    return { reason: message };
  }
}

async function buildIfNeeded() {
  if (isStale()) await buildNode();
  if (!fs.existsSync(path.join(root, 'dist', 'index.html'))) {
    const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (vite.status !== 0) throw new Error('the renderer build (vite build) failed; see above.');
  }
}

function run(args, options = {}) {
  const child = spawn(args[0], args.slice(1), { cwd: root, stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function startBrowserMode() {
  const { tsImport } = await import('tsx/esm/api');
  const { signTrailHome } = await tsImport('../electron/integrity/keys.ts', import.meta.url);
  const home = signTrailHome();
  const store = path.join(home, 'demo.sqlite');
  if (!fs.existsSync(store)) {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const demo = spawnSync(process.execPath, [signtrail, 'demo', '--store', store, '--events', '20000'], {
      stdio: 'inherit',
    });
    if (demo.status !== 0) return demo.status ?? 1;
  }
  return run([process.execPath, signtrail, 'serve', '--store', store]);
}

async function main() {
  await buildIfNeeded();
  const electron = process.argv.includes('--browser') ? { reason: '--browser was given' } : findElectron();
  if (electron.reason) {
    console.log(`SignTrail: no Electron binary (${electron.reason}); starting browser mode instead.`);
    return startBrowserMode();
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return run([electron.binary, root], { env });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(`npm start: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
