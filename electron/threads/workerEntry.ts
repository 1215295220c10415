// How to start one of SignTrail's worker threads: the built `<name>.js` beside the calling bundle,
// or, when running from source, the `.ts` file through tsx's loader.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type WorkerEntry = { script: URL; eval: false } | { script: string; eval: true };

/** `callerUrl` is the caller's import.meta.url; `name` the worker's file name without extension. */
export function workerEntry(callerUrl: string | undefined, name: string): WorkerEntry | null {
  if (!callerUrl) return null;
  const js = new URL(`./${name}.js`, callerUrl);
  if (fs.existsSync(fileURLToPath(js))) return { script: js, eval: false };
  const ts = new URL(`./${name}.ts`, callerUrl);
  if (!fs.existsSync(fileURLToPath(ts))) return null;
  // From the sources, bundles that scripts/build-node.js made from these same sources may stand in
  // for tsx (the bench sets this, so its workers run what ships instead of compiling TypeScript).
  const bundles = process.env.SIGNTRAIL_WORKER_BUNDLES;
  const bundle = bundles ? path.join(bundles, `${name}.js`) : null;
  if (bundle && fs.existsSync(bundle)) return { script: pathToFileURL(bundle), eval: false };
  try {
    // The ESM build of tsx's register API (require.resolve would give its CommonJS build).
    const pkg = createRequire(callerUrl).resolve('tsx/package.json');
    const api = pathToFileURL(path.join(path.dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); })`;
    return { script: boot, eval: true };
  } catch {
    return null;
  }
}
