// The Detections panel over a demo case in browser mode: the pack's rules with levels and counts,
// a rule's hits as the grid's filter, and a key's blast radius with its CSV export.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_ANOMALIES } from '../electron/demo/anomalies';
import { seriousViolations } from './support/axe';
import { SHOTS, useDemoPage } from './support/demoPage';
import { query, signtrail } from './support/signtrail';

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

test('a planted anomaly’s request trail and lifecycle mark the hit’s event, and the mark shows the rule’s hits', async () => {
  const { page } = session;
  const anomaly = DEMO_ANOMALIES.keyUsedAfterRevocation;
  const trail = await query(session.ws, ['--request', anomaly.requestId], 100, 'timestamp:asc');
  const signing = trail.rows.find((r) => r.id === anomaly.signingEventId)!;
  expect(signing).toBeTruthy();
  // The panel's run over the whole case has finished (the first test waited for it); close it, it covers the detail.
  const panel = page.getByRole('region', { name: 'Detections' });
  await panel.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(panel).toBeHidden();
  await page.goto(`${new URL(session.served.url).origin}/#request=${anomaly.requestId}`);
  const row = page.locator(`.MuiDataGrid-row[data-id="${signing.seq}"]`);
  await row.locator('[data-field="actorId"]').click();
  const detail = page.getByRole('region', { name: `Event ${signing.seq}` });
  const lifecycle = await query(session.ws, ['--entity', `${signing.entityType}:${signing.entityId}`], 500);
  const shown = { 'Request trail': trail.total, 'Entity history': lifecycle.total };
  for (const tab of ['Request trail', 'Entity history'] as const) {
    await detail.getByRole('tab', { name: tab }).click();
    const table = detail.getByRole('table', { name: tab });
    const marked = table.locator('tbody tr[data-hit="true"]');
    await expect(marked).toHaveCount(1);
    await expect(marked).toHaveAttribute('data-seq', String(signing.seq));
    // Not colour alone: the mark names the rule and its level, in its text and its accessible name.
    const mark = marked.getByRole('button', {
      name: /^Detection hit: Signing with a key revoked, deactivated or rotated out at that time, level high\./,
    });
    await expect(mark).toContainText('Hit: Signing with a key revoked');
    await expect(mark).toContainText('(high)');
    await expect(table.locator('tbody tr:not([data-hit])')).toHaveCount(shown[tab] - 1);
    await expect(detail).toContainText('1 event part of a detection hit');
  }
  expect(await seriousViolations(page, `section[aria-label="Event ${signing.seq}"]`)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'detections-trail-mark.png') });
  // The mark leads to the rule's hits: the panel selects the rule and the grid shows its hit.
  await detail
    .getByRole('table', { name: 'Entity history' })
    .getByRole('button', { name: /^Detection hit: Signing with a key revoked/ })
    .click();
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('button', { name: /^Signing with a key revoked/ })).toHaveClass(/Mui-selected/);
  await expect(page.getByText('Showing the 1 events of the hits of “Signing with a key revoked')).toBeVisible();
  await expect(page.locator('.MuiDataGrid-row')).toHaveCount(1);
  await expect(page.locator(`.MuiDataGrid-row[data-id="${signing.seq}"]`)).toBeVisible();
  await panel.getByRole('button', { name: 'Show all events' }).click();
});

test('rule folders: a folder the case names is shown and not read until confirmed; browser mode names no folders', async () => {
  const { page, ws } = session;
  const panel = page.getByRole('region', { name: 'Detections' });
  const folders = panel.getByRole('region', { name: 'Rule folders' });
  // A web page may not name folders on this machine: the app says which command to use.
  await folders.getByRole('button', { name: 'Add a folder for this case' }).click();
  await expect(folders.getByRole('status', { name: 'Rule folder refusal' })).toContainText(
    'signtrail rules add [--store FILE] DIR',
  );
  // Someone else's installation added a folder to the case: this installation has not confirmed it.
  const rules = path.join(ws.dir, 'their-rules');
  fs.mkdirSync(rules);
  fs.writeFileSync(
    path.join(rules, 'mallory.yml'),
    'title: Anything by mallory\nid: their-mallory\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    actor.id: mallory@example.com\n  condition: s\nlevel: low\n',
  );
  const theirs = path.join(ws.dir, 'their-home');
  fs.mkdirSync(theirs);
  await signtrail({ ...ws, home: theirs }, ['rules', 'add', '--store', ws.store, rules]);
  await panel.getByRole('button', { name: 'Run again' }).click();
  const item = folders.getByRole('listitem', { name: `Rule folder ${rules}` });
  await expect(item).toContainText('This case · not read');
  await expect(item).toContainText('never confirmed it');
  await expect(panel.getByRole('status', { name: 'Detection summary' })).toContainText('from 10 rules');
  await expect(panel.getByRole('button', { name: /^Anything by mallory/ })).toHaveCount(0);
  // Confirming from the page is refused too, with the command.
  await item.getByRole('button', { name: `Confirm the rule folder ${rules}` }).click();
  await expect(
    folders.getByRole('alert').filter({ hasText: 'signtrail rules confirm --store FILE DIR' }),
  ).toBeVisible();
  await expect(panel.getByRole('button', { name: /^Anything by mallory/ })).toHaveCount(0);
  // The user confirms it on the command line: the next run reads it.
  await signtrail(ws, ['rules', 'confirm', '--store', ws.store, rules]);
  await panel.getByRole('button', { name: 'Run again' }).click();
  await expect(panel.getByRole('status', { name: 'Detection summary' })).toContainText('from 11 rules');
  await expect(panel.getByRole('button', { name: /^Anything by mallory\b.* hits?$/ })).toBeEnabled();
  await expect(item).toContainText('This case · read at every run');
  expect(await seriousViolations(page, 'section[aria-label="Detections"]')).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'detections-rule-folders.png') });
});
