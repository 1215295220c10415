// The case journal and evidence packages in Chromium against the real browser mode on a real demo
// case: tagging selected rows (button and keyboard), the Journal panel, and making a package that
// its own verify.mjs passes. Every outcome is checked with the command line on the same file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { JournalEntryView } from '../shared/journal';
import { useDemoPage } from './support/demoPage';
import { query, signtrail } from './support/signtrail';

const session = useDemoPage('journal', 2000);

/** Ticks the checkboxes of the first `n` rendered rows; returns their seqs. */
async function selectRows(n: number): Promise<number[]> {
  const rows = session.page.locator('.MuiDataGrid-row');
  for (let i = 0; i < n; i++) await rows.nth(i).getByRole('checkbox').check();
  const selected = session.page.locator('.MuiDataGrid-row[aria-selected="true"]');
  await expect(selected).toHaveCount(n);
  const seqs = await selected.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))));
  return seqs.sort((a, b) => a - b);
}

async function journal(): Promise<JournalEntryView[]> {
  return JSON.parse(await signtrail(session.ws, ['journal', '--store', session.ws.store, '--json']));
}

test('tags selected rows with the Tag button and stars them with the S key', async () => {
  const page = session.page;
  const seqs = await selectRows(3);
  await page.getByRole('button', { name: 'Tag', exact: true }).click();
  await page.getByLabel('Tag name').fill('suspicious');
  await page.getByLabel('Why (optional)').fill('outside office hours');
  await page.getByRole('dialog').getByRole('button', { name: 'Tag' }).click();
  await expect(page.getByTestId('journal-message')).toContainText('tag on 3 event(s)');
  const tagged = await query(session.ws, ['--tag', 'suspicious'], 100, 'seq');
  expect(tagged.rows.map((r) => r.seq)).toEqual(seqs);

  await page.getByRole('heading', { name: 'SignTrail' }).click();
  await page.keyboard.press('s');
  await expect(page.getByTestId('journal-message')).toContainText('star on 3 event(s)');
  const starred = await query(session.ws, ['--starred'], 100, 'seq');
  expect(starred.rows.map((r) => r.seq)).toEqual(seqs);
  const entries = await journal();
  expect(entries.slice(-2).map((e) => e.kind)).toEqual(['tag', 'star']);
  expect(entries.at(-2)?.body).toEqual({ name: 'suspicious', note: 'outside office hours' });
});

test('the Journal panel lists the entries, filters by kind and opens an entry’s event', async () => {
  const page = session.page;
  await page.getByRole('button', { name: 'Journal', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Journal' });
  await expect(panel.getByTestId('journal-entry')).toHaveCount((await journal()).length);
  await panel.getByLabel('Kind').click();
  await page.getByRole('option', { name: 'tag', exact: true }).click();
  await expect(panel.getByTestId('journal-entry')).toHaveCount(1);
  await expect(panel.getByTestId('journal-entry')).toContainText('suspicious');
  const first = (await query(session.ws, ['--tag', 'suspicious'], 1, 'seq')).rows[0].seq;
  await panel.getByRole('button', { name: `event ${first}` }).click();
  await expect(page.getByRole('region', { name: 'Journal' })).toHaveCount(0);
  await expect(page.getByLabel(`Event ${first}`)).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
});

test('makes an evidence package of the selection that its own verify.mjs passes', async () => {
  const page = session.page;
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Evidence package' }).click();
  const download = await downloadPromise;
  const tar = path.join(session.ws.dir, download.suggestedFilename());
  await download.saveAs(tar);
  await expect(page.getByTestId('journal-message')).toContainText('3 events, 2 journal entries');
  const out = path.join(session.ws.dir, 'unpacked');
  fs.mkdirSync(out);
  expect(spawnSync('tar', ['-xf', tar, '-C', out]).status).toBe(0);
  const pkg = path.join(out, fs.readdirSync(out)[0]);
  const run = spawnSync(process.execPath, [path.join(pkg, 'verify.mjs'), pkg], { encoding: 'utf8' });
  expect(run.status, run.stdout).toBe(0);
  expect(run.stdout.match(/^OK {3}event seq /gm)).toHaveLength(3);
  expect(run.stdout).toMatch(/VERIFIED: 3 events and 2 journal entries/);
  expect((await journal()).at(-1)?.kind).toBe('evidence');
});
