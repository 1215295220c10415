// The Sync button's error dot: set by a run that failed, cleared by the next run once the cause
// is gone (issue 10, problem 10).
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { useDemoPage } from './support/demoPage';
import { signtrail } from './support/signtrail';

const session = useDemoPage('sync-dot', 500);

const CSV =
  'Event ID,Timestamp,Actor,Actor Type,Action,Entity,Status,Details\n' +
  'dot-1,2026-04-02T09:00:00.000000Z,dot@example.com,user,SIGNING_REQUESTED,Key:key-dot,SUCCESS,"{""requestId"":""req-dot-1""}"\n';

test('the Sync button shows an error dot after a failed run and clears it when the next run succeeds', async () => {
  const page = session.page;
  const drop = path.join(session.ws.dir, 'dot-drop');
  fs.mkdirSync(drop);
  await signtrail(session.ws, ['sources', 'add', '--store', session.ws.store, '--name', 'late', '--folder', drop]);
  fs.rmSync(drop, { recursive: true }); // the cause: the source's folder is gone

  const button = page.getByRole('button', { name: 'Sync', exact: true });
  const dot = page.locator('.MuiBadge-dot');
  await expect(button).toHaveAttribute('title', 'Sync sources');
  await expect(dot).toHaveClass(/MuiBadge-invisible/);

  const syncNow = async () => {
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Sync sources' });
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    await expect(dialog.getByRole('status', { name: 'Sync result for late' })).toBeVisible();
    return dialog;
  };

  let dialog = await syncNow();
  await expect(dialog.getByRole('status', { name: 'Sync result for late' })).toContainText(/dot-drop/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(button).toHaveAttribute('title', 'The last sync reported an error: open to see it');
  await expect(dot).not.toHaveClass(/MuiBadge-invisible/);

  fs.mkdirSync(drop); // the cause is gone
  fs.writeFileSync(path.join(drop, 'export-2026-04-02.csv'), CSV);
  dialog = await syncNow();
  await expect(dialog.getByRole('status', { name: 'Sync result for late' })).toContainText(
    '1 imported, 0 duplicates, 0 conflicts of 1 received (1 file).',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(button).toHaveAttribute('title', 'Sync sources');
  await expect(dot).toHaveClass(/MuiBadge-invisible/);
});
