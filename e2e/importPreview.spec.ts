// The Import dialog's preview: a file's first rows and the column mapping, parsed in the browser
// (papaparse) before anything is stored, with hostile names and cells shown as text. Against the
// real browser mode on a demo case; the store is checked with the command line.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, useDemoPage } from './support/demoPage';
import { query } from './support/signtrail';

const session = useDemoPage('import-preview', 300);

const HOSTILE_HEADER = '<img src=x onerror=alert(1)>';
const HOSTILE_CELL = '<img src=y onerror="document.title=\'pwned\'">';
const FORMULA = "=cmd|'/c calc'!A1";
/** What the six usual columns become, in order. */
const CORE_MAPPING = ['→ Timestamp', '→ Actor', '→ Action', '→ Entity', '→ Status', '→ Details'];

async function previewOf(file: string) {
  const page = session.page;
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Preview a file…' }).click();
  await (await chooser).setFiles(file);
  return page.getByRole('dialog');
}

async function storedCount(): Promise<number> {
  return (await query(session.ws, [], 1)).total;
}

test('a CSV shows its first 20 rows and the mapping, with hostile text shown literally and nothing stored', async () => {
  const page = session.page;
  const before = await storedCount();
  const hostile = (i: number) =>
    i === 0 ? `"${HOSTILE_CELL.replace(/"/g, '""')}"` : i === 1 ? `"${FORMULA}"` : `x${i}`;
  const rows = Array.from(
    { length: 30 },
    (_, i) =>
      `2026-03-02T09:${String(i).padStart(2, '0')}:00Z,alice@example.com,SIGNING_OPERATION,Key:key-${i},Success,note=row ${i},${hostile(i)}`,
  );
  const file = path.join(session.ws.dir, 'preview.csv');
  fs.writeFileSync(
    file,
    [`Time,User,Operation,Resource,Outcome,Details,"${HOSTILE_HEADER}"`, ...rows].join('\n') + '\n',
  );
  const dialog = await previewOf(file);
  const region = dialog.getByRole('region', { name: 'Preview of preview.csv' });
  await expect(region).toContainText('the first 20 rows');
  const table = region.getByRole('table', { name: 'Preview rows' });
  await expect(table.locator('tbody tr')).toHaveCount(20);
  // The mapping: each column and what it becomes.
  const mapping = region.getByTestId('preview-mapping').locator('th, td');
  await expect(mapping).toHaveText([...CORE_MAPPING, '→ kept in Details']);
  await expect(region.getByTestId('preview-complete')).toBeVisible();
  // Hostile header and cells: text, not markup.
  await expect(table.locator('thead')).toContainText(HOSTILE_HEADER);
  await expect(table.locator('tbody tr').first()).toContainText(HOSTILE_CELL);
  await expect(table.locator('tbody tr').nth(1)).toContainText(FORMULA);
  expect(await dialog.locator('img').count()).toBe(0);
  expect(await page.title()).not.toBe('pwned');
  await page.screenshot({ path: path.join(SHOTS, 'import-preview.png') });
  expect(await storedCount()).toBe(before);

  // Importing after the preview stores the file.
  await dialog.getByRole('button', { name: 'Import preview.csv' }).click();
  await expect(dialog.getByRole('status', { name: 'Import summary for preview.csv' })).toContainText('30 imported');
  expect(await storedCount()).toBe(before + 30);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('a CSV without required columns names what is missing before anything is stored', async () => {
  const before = await storedCount();
  const file = path.join(session.ws.dir, 'no-status.csv');
  fs.writeFileSync(file, 'Timestamp,Actor,Note\n2026-03-02T09:00:00Z,bob,hello\n');
  const dialog = await previewOf(file);
  const missing = dialog.getByTestId('preview-missing');
  await expect(missing).toContainText('action (action, eventtype, eventname, operation...)');
  await expect(missing).toContainText('status (status, result, outcome...)');
  await expect(missing).toContainText('the entity');
  expect(await storedCount()).toBe(before);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('a CSV naming one field twice is called refused in the preview, as the importer refuses it', async () => {
  const before = await storedCount();
  const file = path.join(session.ws.dir, 'two-actors.csv');
  fs.writeFileSync(
    file,
    'Timestamp,Actor,Action,Entity,Status,User\n2026-03-02T09:00:00Z,bob,KEY_GENERATED,Key:k1,SUCCESS,eve\n',
  );
  const dialog = await previewOf(file);
  await expect(dialog.getByTestId('preview-conflict')).toContainText('column "User": this column and "Actor"');
  await expect(dialog.getByTestId('preview-complete')).toHaveCount(0);
  expect(await storedCount()).toBe(before);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('an NDJSON file shows its first records and their mapping', async () => {
  const file = path.join(session.ws.dir, 'events.ndjson');
  const lines = Array.from({ length: 25 }, (_, i) =>
    JSON.stringify({
      timestamp: `2026-03-02T10:${String(i).padStart(2, '0')}:00Z`,
      actor: HOSTILE_CELL,
      action: 'KEY_GENERATED',
      entity: `Key:k${i}`,
      status: 'Success',
      details: { n: i },
    }),
  );
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const dialog = await previewOf(file);
  const region = dialog.getByRole('region', { name: 'Preview of events.ndjson' });
  await expect(region).toContainText('(NDJSON): the first 20 rows');
  await expect(region.getByTestId('preview-mapping').locator('th, td')).toHaveText(CORE_MAPPING);
  await expect(region.locator('tbody tr').first()).toContainText('{"n":0}');
  await expect(region.locator('tbody tr').first()).toContainText(HOSTILE_CELL);
  expect(await dialog.locator('img').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
});
