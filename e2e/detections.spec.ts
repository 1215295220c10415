// The Detections panel over a demo case in browser mode: the pack's rules with levels and counts,
// a rule's hits as the grid's filter, and a key's blast radius with its CSV export.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, useDemoPage } from './support/demoPage';
import { query } from './support/signtrail';

const session = useDemoPage('detections', 4000);

test('the Detections panel lists the rules and shows a rule’s hits in the grid', async () => {
  const { page } = session;
  await page.getByRole('button', { name: 'Detections', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Detections' });
  await expect(panel.getByRole('status', { name: 'Detection summary' })).toContainText('3 hits from 10 rules');
  const burst = panel.getByRole('button', { name: /^Burst of denied signing requests by one requester\b.* 1 hit$/ });
  await expect(burst).toContainText('high');
  await expect(panel.getByRole('button', { name: /^Self-approval of a signing request\b.* 0 hits$/ })).toBeDisabled();
  await burst.click();
  await expect(page.getByText('Showing the 8 events of the hits of')).toBeVisible();
  const rows = page.locator('.MuiDataGrid-row');
  await expect(rows).toHaveCount(8);
  for (const row of await rows.all()) await expect(row).toContainText('mallory@example.com');
  await page.screenshot({ path: path.join(SHOTS, 'detections.png') });
  // Tag the hits through the journal: the command line finds exactly these events by the tag.
  const seqs = (await rows.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))))).sort((a, b) => a - b);
  const form = panel.getByRole('form', { name: 'Tag the hits' });
  await form.getByLabel('Tag for these hits').fill('denial-burst');
  await form.getByRole('button', { name: 'Tag 8 event(s)' }).click();
  await expect(panel.getByRole('status', { name: 'Tagged hits' })).toContainText('tag "denial-burst" on 8 event(s)');
  const tagged = await query(session.ws, ['--tag', 'denial-burst'], 100, 'seq');
  expect(tagged.rows.map((r) => r.seq)).toEqual(seqs);
  await panel.getByRole('button', { name: 'Show all events' }).click();
  await expect(page.getByText('Showing the 8 events of the hits of')).toHaveCount(0);
});

test('Blast radius of the revoked key: the signing after its revocation, exported as CSV', async () => {
  const { page } = session;
  const panel = page.getByRole('region', { name: 'Detections' });
  await panel.getByLabel('Key ID').fill('key-legacy-07');
  await panel.getByRole('button', { name: 'Blast radius' }).click();
  const dialog = page.getByRole('dialog', { name: 'Blast radius of key-legacy-07' });
  await expect(dialog.getByRole('status', { name: 'Blast radius window' })).toContainText(
    'KEY_REVOKED at 2026-03-02T07:52:31',
  );
  await expect(dialog.getByRole('status', { name: 'Blast radius window' })).toContainText('1 signing operation');
  const table = dialog.getByRole('table', { name: 'Signings with the key' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('builds/agent-installer-2.3.0.exe');
  await expect(table).toContainText('svc-ci-build');
  await expect(dialog).toContainText('Agents: agent-build-02');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('blast-radius-key-legacy-07.csv');
  const csv = fs.readFileSync((await download.path())!, 'utf8').split('\r\n');
  expect(csv[0]).toBe('timestamp,seq,id,status,artifact,digest,requester,agent,approvers,requestId');
  expect(csv[1]).toContain('"builds/agent-installer-2.3.0.exe"');
  expect(csv[1]).toContain('"svc-ci-build"');
  await dialog.getByRole('button', { name: 'Close' }).click();
});
