// Sync in the app: a folder source added through the sources dialog, synced with the Sync button,
// and the grid and `signtrail query --json` agreeing on what it appended.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, useDemoPage } from './support/demoPage';
import { query, signtrail } from './support/signtrail';

const HEADER = 'Event ID,Timestamp,Actor,Actor Type,Action,Entity,Status,Details';
/** Events the demo case does not hold, in the platform's CSV export format. */
function dropCsv(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const second = String(i).padStart(2, '0');
    return `sync-e2e-${i + 1},2026-04-01T09:00:${second}.000000Z,drop@example.com,user,SIGNING_REQUESTED,Key:key-sync-e2e,SUCCESS,"{""requestId"":""req-sync-e2e-${i + 1}""}"`;
  });
  return [HEADER, ...rows].join('\n') + '\n';
}

const session = useDemoPage('sync', 2000);

const eventsText = (total: number) => `${total.toLocaleString('en')} events`;

test('a folder source added on the command line syncs from the dialog: the dialog, the grid and signtrail query agree', async () => {
  const ADDED = 4;
  const drop = path.join(session.ws.dir, 'drop');
  fs.mkdirSync(drop);
  fs.writeFileSync(path.join(drop, 'export-2026-04-01.csv'), dropCsv(ADDED));
  const before = (await query(session.ws, [])).total;
  await expect(session.page.getByTestId('event-count')).toHaveText(eventsText(before));

  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  let dialog = session.page.getByRole('dialog', { name: 'Sync sources' });
  await expect(dialog).toContainText('This case has no sources yet.');
  // Browser mode lets no page name a folder on this machine: the form does not offer a folder source.
  await dialog.getByRole('button', { name: 'Add source…' }).click();
  await expect(dialog.getByRole('group', { name: 'Source kind' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Folder', exact: true })).toHaveCount(0);
  await expect(dialog.getByLabel('Folder', { exact: true })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await signtrail(session.ws, ['sources', 'add', '--store', session.ws.store, '--name', 'share', '--folder', drop]);
  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  dialog = session.page.getByRole('dialog', { name: 'Sync sources' });

  const table = dialog.getByRole('table', { name: 'Sync sources' });
  const row = table.getByRole('row', { name: /share/ });
  await expect(row).toContainText('Folder');
  await expect(row).toContainText(drop);
  await expect(row).toContainText('never');

  await dialog.getByRole('button', { name: 'Sync now' }).click();
  const result = dialog.getByRole('status', { name: 'Sync result for share' });
  await expect(result).toContainText(`${ADDED} imported, 0 duplicates, 0 conflicts of ${ADDED} received (1 file).`);
  await expect(row).toContainText(String(ADDED));
  await expect(row).not.toContainText('never');
  await session.page.screenshot({ path: path.join(SHOTS, 'sync.png') });

  // A second run takes nothing: the file is known by its content.
  await dialog.getByRole('button', { name: 'Sync now' }).click();
  await expect(result).toContainText('0 imported, 0 duplicates, 0 conflicts of 0 received (0 files).');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const after = await query(session.ws, []);
  expect(after.total).toBe(before + ADDED);
  expect((await query(session.ws, ['--actor', 'drop@example.com'])).total).toBe(ADDED);
  await expect(session.page.getByTestId('event-count')).toHaveText(eventsText(after.total));
});

test('the sources dialog refuses a bad URL at the door, and removes a source', async () => {
  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  const dialog = session.page.getByRole('dialog', { name: 'Sync sources' });
  await dialog.getByRole('button', { name: 'Add source…' }).click();
  await dialog.getByLabel('Source name').fill('platform');
  await dialog.getByRole('button', { name: 'Audit API (HTTP)' }).click();
  await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill('ftp://audit.example.com/events');
  await dialog.getByRole('button', { name: 'Add source', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Invalid url: the URL must be an http:// or https:// address');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Removing asks first; Cancel keeps the source.
  await dialog.getByRole('button', { name: 'Remove share' }).click();
  const confirm = session.page.getByRole('dialog', { name: 'Remove source share?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('table', { name: 'Sync sources' })).toContainText('share');
  await dialog.getByRole('button', { name: 'Remove share' }).click();
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(dialog).toContainText('This case has no sources yet.');
  expect(JSON.parse(await signtrail(session.ws, ['sources', 'list', '--store', session.ws.store, '--json']))).toEqual(
    [],
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('the periodic sync choice is remembered across a reload of the app', async () => {
  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  let dialog = session.page.getByRole('dialog', { name: 'Sync sources' });
  await dialog.getByLabel('Sync every').check();
  const minutes = dialog.getByRole('spinbutton', { name: 'Minutes' });
  await minutes.fill('30');
  await minutes.blur();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await session.page.reload();
  await expect(session.page.locator('.MuiDataGrid-row').first()).toBeVisible();
  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  dialog = session.page.getByRole('dialog', { name: 'Sync sources' });
  await expect(dialog.getByLabel('Sync every')).toBeChecked();
  await expect(dialog.getByRole('spinbutton', { name: 'Minutes' })).toHaveValue('30');
  await dialog.getByLabel('Sync every').uncheck();
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('a source this installation never confirmed is marked, and confirming it from a web page is refused with the command to use', async () => {
  // Another installation (another SignTrail home) added the source: this one has not confirmed it.
  const elsewhere = path.join(session.ws.dir, 'other-home');
  fs.mkdirSync(elsewhere, { recursive: true });
  const drop = path.join(session.ws.dir, 'foreign-drop');
  fs.mkdirSync(drop, { recursive: true });
  await signtrail({ ...session.ws, home: elsewhere }, [
    'sources',
    'add',
    '--store',
    session.ws.store,
    '--name',
    'foreign',
    '--folder',
    drop,
  ]);

  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  let dialog = session.page.getByRole('dialog', { name: 'Sync sources' });
  const row = dialog.getByRole('table', { name: 'Sync sources' }).getByRole('row', { name: /foreign/ });
  // The list reloads after the refusal; the message must outlive that reload (it used to vanish with it).
  const reloaded = session.page.waitForResponse(
    (r) => r.url().endsWith('/api/sync.sources') && r.request().method() === 'POST',
  );
  await row.getByRole('button', { name: 'Confirm foreign' }).click();
  await reloaded;
  await expect(dialog.getByRole('alert').filter({ hasText: 'signtrail sources confirm' })).toBeVisible();
  await session.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  await expect(dialog.getByRole('alert').filter({ hasText: 'signtrail sources confirm' })).toBeVisible({
    timeout: 1000,
  });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Confirmed on the command line of this installation, the mark is gone.
  await signtrail(session.ws, ['sources', 'confirm', '--store', session.ws.store, '--name', 'foreign']);
  await session.page.getByRole('button', { name: 'Sync', exact: true }).click();
  dialog = session.page.getByRole('dialog', { name: 'Sync sources' });
  await expect(row).toContainText('Folder');
  await expect(row.getByRole('button', { name: 'Confirm foreign' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await signtrail(session.ws, ['sources', 'remove', '--store', session.ws.store, '--name', 'foreign']);
});
