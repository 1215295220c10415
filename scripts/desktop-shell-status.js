#!/usr/bin/env node
// Printed by .ci/run under CI=true: one visible line when the desktop shell (Electron) cannot run
// here, saying why and what was tested instead, so a green run never implies it ran. Silent when an
// Electron binary is installed (then e2e/electron.spec.ts runs the real app).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './start.js';

/** The line to print, or null when the Electron binary is there. */
export function desktopShellStatus(found = findElectron()) {
  if (!found.reason) return null;
  return (
    `NOT RUN: the desktop shell (Electron): no Electron binary on this machine (${found.reason}); ` +
    'e2e/electron.spec.ts was skipped. The built main and preload bundles were tested under the ' +
    'stand-in electron module (test/shell/), not in Electron itself.'
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const line = desktopShellStatus();
  if (line) console.log(`\n=== ${line} ===\n`);
}
