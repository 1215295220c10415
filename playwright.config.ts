// End-to-end tests in Debian's Chromium against browser mode (`signtrail serve`) on real stores.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Each spec starts its own server on its own store; the machine has two cores.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  fullyParallel: false,
  // The usual list, then every test that did not run and why.
  reporter: [['list'], ['./e2e/support/notRunReporter.ts']],
  use: {
    headless: true,
    viewport: { width: 1500, height: 950 },
    screenshot: 'only-on-failure',
    trace: 'off',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
