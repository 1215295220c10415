// The Reports dialog in browser mode: a PCI DSS report downloaded as HTML (and opened in a new tab) and as OSCAL, its
// verdicts matching what `signtrail report` writes for the same case; and an OCSF export from the
// Export dialog that `signtrail import` takes back as duplicates.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, useDemoPage } from './support/demoPage';
import { signtrail } from './support/signtrail';

const session = useDemoPage('reports', 3000);

test('the Reports dialog downloads a PCI DSS report whose verdicts match the command line', async () => {
  const page = session.page;
  await page.getByRole('button', { name: 'Reports', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Compliance report' });
  await expect(dialog.getByLabel('Framework')).toContainText('PCI DSS v4.0');
  await dialog.getByRole('radio', { name: 'HTML' }).check();
  let download = page.waitForEvent('download');
  // An HTML report also opens in a new tab (a blob URL of the page), and the dialog links to it.
  const tab = page.context().waitForEvent('page', { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Create report' }).click();
  const html = path.join(session.ws.dir, 'pci.html');
  await (await download).saveAs(html);
  const status = dialog.getByRole('status');
  await expect(status).toContainText('11 controls', { timeout: 60_000 });
  const opened = await tab;
  expect(opened.url()).toMatch(/^blob:/);
  await expect(opened.locator('body')).toContainText('Verification passed');
  await expect(opened.locator('pre.tlog-proof').first()).toContainText('c2sp.org/tlog-proof@v1');
  await opened.close();
  const link = status.getByRole('link', { name: 'Open the report in a new tab' });
  await expect(link).toHaveAttribute('href', /^blob:/);
  const blobUrl = (await link.getAttribute('href'))!;
  // The page's own CSP (connect-src 'self') keeps it from fetching the blob: a tab of its own opens it.
  const fetchBlob = async (url: string) => {
    const opening = page.context().waitForEvent('page');
    await page.evaluate((u) => void window.open(u, '_blank', 'noopener'), url);
    const probe = await opening;
    try {
      await probe.waitForLoadState().catch(() => undefined);
      const body = await probe
        .locator('body')
        .innerText({ timeout: 10_000 })
        .catch(() => '');
      return body.includes('Verification passed') ? 'alive' : 'revoked';
    } finally {
      await probe.close();
    }
  };
  // While the dialog links to it, the blob URL serves the report.
  expect(await fetchBlob(blobUrl)).toBe('alive');
  await page.screenshot({ path: path.join(SHOTS, 'reports.png') });
  const text = fs.readFileSync(html, 'utf8');
  expect(text).toContain('Verification passed');
  expect(text).toContain('10.2.1.4');
  expect(text).not.toMatch(/<script/i);

  await dialog.getByRole('radio', { name: 'OSCAL (JSON)' }).check();
  download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Create report' }).click();
  const oscal = path.join(session.ws.dir, 'pci.oscal.json');
  await (await download).saveAs(oscal);
  // The next report replaced the HTML one: its blob URL was revoked.
  await expect.poll(() => fetchBlob(blobUrl)).toBe('revoked');
  const doc = JSON.parse(fs.readFileSync(oscal, 'utf8'));
  const observations = doc['assessment-results'].results[0].observations as {
    props: { name: string; value: string }[];
  }[];

  const cliOut = path.join(session.ws.dir, 'cli.oscal.json');
  await signtrail(session.ws, [
    'report',
    '--store',
    session.ws.store,
    '--framework',
    'pci-dss-4',
    '--format',
    'oscal',
    '--out',
    cliOut,
  ]);
  const cli = JSON.parse(fs.readFileSync(cliOut, 'utf8'));
  const verdicts = (obs: { props: { name: string; value: string }[] }[]) =>
    obs.map((o) => o.props.map((p) => `${p.name}=${p.value}`).join(' '));
  expect(verdicts(observations)).toEqual(verdicts(cli['assessment-results'].results[0].observations));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('the Export dialog writes OCSF that signtrail import takes back as duplicates', async () => {
  const page = session.page;
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export events' });
  await dialog.getByRole('radio', { name: 'OCSF (NDJSON)' }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const file = path.join(session.ws.dir, 'events.ocsf.ndjson');
  await (await download).saveAs(file);
  const first = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]);
  expect(first.type_uid).toBe(first.class_uid * 100 + first.activity_id);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const out = await signtrail(session.ws, ['import', '--store', session.ws.store, '--json', file]);
  const [summary] = JSON.parse(out);
  expect(summary).toMatchObject({ format: 'ocsf', appended: 0, duplicates: 3000, conflicts: [] });
});
