#!/usr/bin/env node
// Bundles the Node side with esbuild into dist-electron/: main.js (Electron main, ESM),
// preload.cjs (sandboxed preloads must be CommonJS), serviceWorker.js and cli.js.
// Usage: node scripts/build-node.js [--out DIR] [--if-stale]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ESM bundles may hold CommonJS dependencies that call require(); give them one.
const requireBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const ENTRIES = [
  { name: 'main.js', source: 'electron/main.ts', format: 'esm' },
  { name: 'preload.cjs', source: 'electron/preload.ts', format: 'cjs' },
  // The passphrase prompt's preload (electron/window/passphrasePrompt.ts).
  { name: 'passphrasePreload.cjs', source: 'electron/passphrasePreload.ts', format: 'cjs' },
  { name: 'serviceWorker.js', source: 'electron/service/host/serviceWorker.ts', format: 'esm' },
  // runScans.ts looks for its scan worker beside the bundle that imports it.
  { name: 'verifyWorker.js', source: 'electron/integrity/verifyWorker.ts', format: 'esm', optional: true },
  // preparedReader.ts looks for the import worker beside the bundle that imports it.
  { name: 'importWorker.js', source: 'electron/ingest/importWorker.ts', format: 'esm' },
  // csv-workers.ts looks for the CSV export worker beside the bundle that imports it.
  { name: 'csvWorker.js', source: 'electron/export/csvWorker.ts', format: 'esm' },
  // pageStream.ts looks for the sync page worker beside the bundle that imports it.
  { name: 'pageWorker.js', source: 'electron/sync/pageWorker.ts', format: 'esm' },
  // runWorker.ts looks for the detection worker beside the bundle that imports it.
  { name: 'detectWorker.js', source: 'electron/detect/detectWorker.ts', format: 'esm' },
  { name: 'cli.js', source: 'electron/cli/main.ts', format: 'esm', optional: true },
];

function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  dirs.forEach((dir) => fs.existsSync(dir) && walk(dir));
  return newest;
}

/** True when some bundle is missing or older than a source file under electron/ or shared/. */
export function isStale(outDir = path.join(root, 'dist-electron')) {
  const outputs = ENTRIES.filter((e) => !e.optional || fs.existsSync(path.join(root, e.source))).map((e) =>
    path.join(outDir, e.name),
  );
  if (outputs.some((file) => !fs.existsSync(file))) return true;
  const oldest = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  return newestSource([path.join(root, 'electron'), path.join(root, 'shared')]) > oldest;
}

export async function buildNode({ outDir = path.join(root, 'dist-electron'), quiet = false } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const built = [];
  for (const entry of ENTRIES) {
    const source = path.join(root, entry.source);
    if (!fs.existsSync(source)) {
      if (!quiet) console.log(`build-node: skipping ${entry.name}: ${entry.source} does not exist yet.`);
      continue;
    }
    await build({
      entryPoints: [source],
      outfile: path.join(outDir, entry.name),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: entry.format,
      external: ['electron', 'better-sqlite3'],
      banner: entry.format === 'esm' ? { js: requireBanner } : undefined,
      sourcemap: 'linked',
      legalComments: 'none',
      // The preload is loaded into every page; keep it small.
      minify: entry.format === 'cjs',
      logLevel: quiet ? 'error' : 'warning',
    });
    built.push(entry.name);
  }
  // Marks the .js bundles as ES modules wherever they end up, e.g. unpacked beside the asar.
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
  if (!quiet) console.log(`build-node: ${built.join(', ')} → ${path.relative(root, outDir) || outDir}`);
  // The shipped detection rule pack, read by electron/detect/load.ts beside the bundle.
  fs.cpSync(path.join(root, 'electron/detect/pack'), path.join(outDir, 'pack'), { recursive: true });
  // The PDF report's fonts, read by electron/report/pdf.ts beside the bundle (and so in the asar).
  fs.mkdirSync(path.join(outDir, 'fonts'), { recursive: true });
  for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'])
    fs.copyFileSync(path.join(root, 'node_modules/dejavu-fonts-ttf/ttf', font), path.join(outDir, 'fonts', font));
  fs.copyFileSync(path.join(root, 'node_modules/dejavu-fonts-ttf/LICENSE'), path.join(outDir, 'fonts', 'LICENSE'));
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined;
  if (args.includes('--if-stale') && !isStale(outDir)) {
    console.log('build-node: dist-electron/ is up to date.');
  } else {
    buildNode({ outDir }).catch((err) => {
      console.error(`build-node: ${err.message}`);
      process.exitCode = 1;
    });
  }
}
