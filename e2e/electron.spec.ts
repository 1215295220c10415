// The desktop app itself, driven by Playwright's Electron support: start it on a scratch
// profile, open the demo case from the first-start screen and read the grid. Skips, saying why,
// where no Electron binary exists (its download blocked, the optional dependency absent).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary(): { path: string } | { reason: string } {
  try {
    const binary = createRequire(path.join(root, 'package.json'))('electron') as unknown;
    if (typeof binary === 'string' && fs.existsSync(binary)) return { path: binary };
    return { reason: `the electron package has no binary at ${String(binary)}` };
  } catch (err) {
    return { reason: `require('electron') failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

const found = electronBinary();

test('the desktop app opens the demo case and shows its events in the grid', async () => {
  if ('reason' in found) {
    const why = `Skipped: no Electron binary on this machine, so the desktop app cannot start (${found.reason}).`;
    console.log(why);
    test.skip(true, why);
    return;
  }
  test.skip(
    !fs.existsSync(path.join(root, 'dist-electron', 'main.js')),
    'dist-electron/main.js is missing; run "npm run build" first.',
  );

  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-electron-e2e-'));
  // Where the OS has no keystore the app asks how to keep its signing key (docs/desktop.md); this
  // scratch profile has answered "keep it in a 0600 file" already.
  fs.writeFileSync(path.join(userData, 'key-protection.json'), JSON.stringify({ keep: 'clear-0600' }));
  const app = await electron.launch({
    executablePath: found.path,
    args: [root],
    env: { ...process.env, SIGNTRAIL_USER_DATA: userData, ELECTRON_RUN_AS_NODE: '' },
  });
  try {
    const window = await app.firstWindow();
    expect(window.url()).toBe('app://signtrail/index.html');
    const webPreferences = await app.evaluate(({ BrowserWindow }) => {
      const prefs = BrowserWindow.getAllWindows()[0].webContents.getLastWebPreferences();
      return {
        contextIsolation: prefs?.contextIsolation,
        sandbox: prefs?.sandbox,
        nodeIntegration: prefs?.nodeIntegration,
      };
    });
    expect(webPreferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    await window.getByRole('button', { name: 'Open the demo case' }).click();
    await expect(window.locator('.MuiDataGrid-row').first()).toBeVisible({ timeout: 120_000 });
    const firstRow = await window.locator('.MuiDataGrid-row').first().innerText();
    expect(firstRow).toMatch(/\d{4}-\d{2}-\d{2}/);
    await window.screenshot({ path: path.join('test-results', 'screenshots', 'electron-demo.png') });
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
