#!/usr/bin/env node
// The `signtrail` command. Runs the bundle (dist-electron/cli.js, from `npm run build:node`)
// when present; in a source checkout without it, runs electron/cli/main.ts through tsx.
// Either way the CLI module starts itself on import (it sees this file as argv[1]).
// SIGNTRAIL_FROM_SOURCE=1 runs the source even when a bundle exists (the tests use it, so that a
// stale bundle is never what they test).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-electron/cli.js', import.meta.url);
const source = new URL('../electron/cli/main.ts', import.meta.url);

if (fs.existsSync(fileURLToPath(bundle)) && !process.env.SIGNTRAIL_FROM_SOURCE) {
  await import(bundle.href);
} else if (fs.existsSync(fileURLToPath(source))) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(source.href, import.meta.url);
} else {
  process.stderr.write(
    'signtrail: neither dist-electron/cli.js nor electron/cli/main.ts was found; run "npm run build:node".\n',
  );
  process.exitCode = 2;
}
