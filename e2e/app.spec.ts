// The investigation UI in Chromium against the real browser mode on a real demo store: every
// grid view is checked against `signtrail query --json` on the same file.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import type { EventPage, StoreInfo } from '../shared/results';
import { SHOTS, useDemoPage } from './support/demoPage';
import { makeWorkspace, query, serve, signtrail } from './support/signtrail';
import { rewriteActor } from './support/tamper';

const IMPORT_CSV = `Event ID,Timestamp,Actor,Actor Type,Action,Entity,Status,Details
e2e-4711-1,2026-03-03T10:00:00.000001Z,zed@example.com,user,SIGNING_REQUESTED,Key:key-e2e-1,SUCCESS,"{""requestId"":""req-e2e-4711"",""artifact"":""app.exe""}"
e2e-4711-2,2026-03-03T10:00:01.000000Z,policy-engine,system,POLICY_EVALUATED,Key:key-e2e-1,SUCCESS,"{""requestId"":""req-e2e-4711""}"
e2e-4711-3,2026-03-03T10:00:02.000000Z,zed@example.com,user,SIGNING_OPERATION,Key:key-e2e-1,DENIED,"{""requestId"":""req-e2e-4711"",""reason"":""outside window""}"
`;

const session = useDemoPage('app', 5000);

const count = (p: EventPage) => `${p.totalIsEstimate ? '≥ ' : ''}${p.total.toLocaleString('en')} events`;

/** Seqs of the rows the grid has rendered, top to bottom. */
async function gridSeqs(): Promise<number[]> {
  return session.page.locator('.MuiDataGrid-row').evaluateAll((rows) =>
    rows
      .map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), seq: Number(r.getAttribute('data-id')) }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.seq),
  );
}

/** The grid shows exactly what `signtrail query` answers for the same filter: count and rows in order. */
async function expectGridToMatch(flags: string[]): Promise<EventPage> {
  const expected = await query(session.ws, flags);
  await expect(session.page.getByTestId('event-count')).toHaveText(count(expected));
  const want = expected.rows.map((r) => r.seq);
  if (want.length === 0) {
    await expect(session.page.locator('.MuiDataGrid-row')).toHaveCount(0);
    return expected;
  }
  // The rendered rows (virtualised: the top of the session.page) are the first rows of the CLI's answer.
  await expect
    .poll(async () => {
      const shown = await gridSeqs();
      return shown.length > 0 && shown.every((seq, i) => seq === want[i]) ? 'match' : shown.slice(0, 5);
    })
    .toBe('match');
  return expected;
}

async function pick(label: string, option: string): Promise<void> {
  const box = session.page.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(option);
  await session.page.getByRole('option', { name: option, exact: true }).click();
  await session.page.keyboard.press('Escape');
}

async function clearFilters(): Promise<void> {
  await session.page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(session.page).not.toHaveURL(/#./);
}

test('the toolbar and filter bar have the accessible names the issue requires', async () => {
  for (const name of ['Import', 'Verify', 'Export CSV'])
    await expect(session.page.getByRole('button', { name, exact: true })).toBeVisible();
  for (const name of ['Search', 'From', 'To'])
    await expect(session.page.getByLabel(name, { exact: true })).toBeVisible();
  for (const name of ['Actor', 'Action', 'Status'])
    await expect(session.page.getByRole('combobox', { name })).toBeVisible();
  // The session token left the address bar once the page had it.
  expect(session.page.url()).not.toContain('token=');
});

test('importing a CSV through the file chooser shows its summary, and again shows duplicates', async () => {
  const file = path.join(session.ws.dir, 'case-4711.csv');
  fs.writeFileSync(file, IMPORT_CSV);
  for (const expected of ['3 imported, 0 duplicates, 0 conflicts', '0 imported, 3 duplicates, 0 conflicts']) {
    await session.page.getByRole('button', { name: 'Import', exact: true }).click();
    const chooser = session.page.waitForEvent('filechooser');
    await session.page.getByRole('button', { name: 'Choose files…' }).click();
    await (await chooser).setFiles(file);
    const summary = session.page.getByRole('status', { name: 'Import summary for case-4711.csv' });
    await expect(summary).toContainText(expected);
    if (expected.startsWith('3')) await session.page.screenshot({ path: path.join(SHOTS, 'import.png') });
    await session.page.getByRole('button', { name: 'Close' }).click();
  }
  const imported = await query(session.ws, ['--request', 'req-e2e-4711']);
  expect(imported.total).toBe(3);
  await expectGridToMatch([]);
});

test('with no filter the grid shows the newest events and the whole count', async () => {
  await clearFilters();
  await expectGridToMatch([]);
  await session.page.screenshot({ path: path.join(SHOTS, 'main.png') });
});

test('the Actor filter selects the same events as signtrail query --actor', async () => {
  const actor = (await query(session.ws, [])).rows[0].actorId;
  await pick('Actor', actor);
  await expectGridToMatch(['--actor', actor]);
  await expect(session.page).toHaveURL(
    new RegExp(`#.*actor=${encodeURIComponent(actor).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  await clearFilters();
});

test('the Action filter, grouped by category, selects the same events as --action', async () => {
  await pick('Action', 'SIGNING_OPERATION');
  await expectGridToMatch(['--action', 'SIGNING_OPERATION']);
  await clearFilters();
});

test('the Status filter with two statuses selects the same events as --status', async () => {
  await pick('Status', 'DENIED');
  await pick('Status', 'FAILURE');
  await expectGridToMatch(['--status', 'DENIED,FAILURE']);
  await clearFilters();
});

test('the Category filter selects the same events as --category', async () => {
  await pick('Category', 'Policy enforcement');
  await expectGridToMatch(['--category', 'policy']);
  await clearFilters();
});

test('From and To (UTC) select the same events as --from and --to', async () => {
  const info = JSON.parse(
    await signtrail(session.ws, [
      'query',
      '--store',
      session.ws.store,
      '--json',
      '--limit',
      '1',
      '--sort',
      'timestamp:asc',
    ]),
  ) as EventPage;
  const first = Date.parse(info.rows[0].timestamp);
  const last = Date.parse((await query(session.ws, [], 1)).rows[0].timestamp);
  const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  const from = seconds(first + (last - first) / 3);
  const to = seconds(first + ((last - first) * 2) / 3);
  await session.page.getByLabel('From', { exact: true }).fill(from);
  await session.page.getByLabel('To', { exact: true }).fill(to);
  await session.page.getByLabel('To', { exact: true }).press('Enter');
  await expectGridToMatch(['--from', `${from}Z`, '--to', `${to}Z`]);
  await clearFilters();
});

test('a keyword search selects the same events as --q, and a bad one is explained under the box', async () => {
  const search = session.page.getByLabel('Search', { exact: true });
  await session.page.locator('body').press('/');
  await expect(search).toBeFocused();
  await search.fill('zed OR denied');
  await expectGridToMatch(['--q', 'zed OR denied']);
  await search.fill('"unclosed');
  // Under the box: the Search field's own description (the grid and the facets also say why they are empty).
  await expect(search).toHaveAccessibleDescription(/quote at position 1 is not closed/);
  await clearFilters();
});

test('a copied link restores its filter', async () => {
  await session.page.goto(`${new URL(session.served.url).origin}/#status=DENIED&category=signing`);
  await expectGridToMatch(['--status', 'DENIED', '--category', 'signing']);
  await expect(session.page.getByRole('combobox', { name: 'Status' }).locator('..')).toContainText('DENIED');
  await clearFilters();
});

test('opening an event shows every field and its signing request trail in time order', async () => {
  await pick('Action', 'SIGNING_OPERATION');
  await expectGridToMatch(['--action', 'SIGNING_OPERATION']);
  const firstRow = session.page.locator('.MuiDataGrid-row').first();
  const seq = Number(await firstRow.getAttribute('data-id'));
  await firstRow.locator('[data-field="actorId"]').click();
  const drawer = session.page.getByRole('region', { name: `Event ${seq}` });
  await expect(drawer).toBeVisible();
  // Esc closes it and gives the focus back to the row; Enter opens it again.
  await session.page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await session.page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  const detail = JSON.parse(
    await signtrail(session.ws, [
      'query',
      '--store',
      session.ws.store,
      '--json',
      '--limit',
      '1',
      '--sort',
      'timestamp:desc',
      '--action',
      'SIGNING_OPERATION',
    ]),
  ) as EventPage;
  const row = detail.rows[0];
  await expect(drawer.getByRole('table', { name: 'Fields' })).toContainText(row.id);
  expect(row.requestId).toBeTruthy();
  await drawer.getByRole('tab', { name: 'Request trail' }).click();
  const trail = await query(session.ws, ['--request', row.requestId!], 500, 'timestamp:asc');
  const shownSeqs = await drawer
    .getByRole('table', { name: 'Request trail' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
  expect(shownSeqs).toEqual(trail.rows.map((r) => r.seq));
  expect(shownSeqs).toContain(seq);
  await session.page.screenshot({ path: path.join(SHOTS, 'detail-trail.png') });
  await drawer.getByRole('tab', { name: 'Details' }).click();
  await expect(drawer.getByLabel('Canonical JSON')).toContainText(`"id":"${row.id}"`);
  await session.page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await clearFilters();
});

test('exporting CSV of the current filter gives exactly the events signtrail query selects', async () => {
  await pick('Status', 'DENIED');
  const expected = await query(session.ws, ['--status', 'DENIED'], 10_000, 'seq');
  await expect(session.page.getByTestId('event-count')).toHaveText(count(expected));
  await session.page.getByRole('button', { name: 'Export CSV' }).click();
  const download = session.page.waitForEvent('download');
  await session.page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = path.join(session.ws.dir, 'export.csv');
  await (await download).saveAs(file);
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.data.map((r) => Number(r.Seq))).toEqual(expected.rows.map((r) => r.seq));
  expect(new Set(parsed.data.map((r) => r.Status))).toEqual(new Set(['DENIED']));
  await expect(session.page.getByRole('table', { name: 'Manifest' })).toContainText(String(expected.total));
  await session.page.screenshot({ path: path.join(SHOTS, 'export.png') });
  await session.page.getByRole('button', { name: 'Close' }).click();
  await clearFilters();
});

test('verifying an untouched store reports it intact', async () => {
  await session.page.getByRole('button', { name: 'Verify', exact: true }).click();
  const dialog = session.page.getByRole('dialog', { name: 'Verify the store' });
  await expect(dialog.getByRole('status')).toContainText('Intact.', { timeout: 60_000 });
  // The three-way verdict (intact / unsealed / broken) is what the dialog shows, as in the CLI and JSON.
  await expect(dialog.getByRole('status')).toHaveAttribute('data-verdict', 'intact');
  const info = JSON.parse(
    await signtrail(session.ws, ['query', '--store', session.ws.store, '--json', '--limit', '1']),
  ) as EventPage;
  await expect(dialog.getByRole('status')).toContainText(`${info.total.toLocaleString('en')} events checked`);
  await session.page.screenshot({ path: path.join(SHOTS, 'verify-intact.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('tampering with the store file is found at the right seq, and its button opens that event', async () => {
  const seq = 42;
  rewriteActor(session.ws.store, seq, 'mallory@example.com');
  await session.page.getByRole('button', { name: 'Verify', exact: true }).click();
  const dialog = session.page.getByRole('dialog', { name: 'Verify the store' });
  const findings = dialog.getByRole('list', { name: 'Findings' });
  await expect(findings).toContainText(`at seq ${seq}`, { timeout: 60_000 });
  await expect(dialog.getByRole('status')).toHaveAttribute('data-verdict', 'broken');
  await expect(dialog.getByRole('status')).toContainText('Broken:');
  await expect(dialog.getByRole('status')).toContainText(`the first bad event is seq ${seq}`);
  // The tamperer dropped an append-only trigger to do it: the schema check names it.
  await expect(findings).toContainText('SCHEMA: trigger events_no_update');
  await session.page.screenshot({ path: path.join(SHOTS, 'verify-finding.png') });
  await dialog
    .getByRole('button', { name: `Open event ${seq}` })
    .first()
    .click();
  const drawer = session.page.getByRole('region', { name: `Event ${seq}` });
  await expect(drawer).toBeVisible();
  await drawer.getByRole('tab', { name: 'Integrity' }).click();
  await expect(drawer).toContainText('The last verification found a problem');
  await session.page.keyboard.press('Escape');
});

test('time from opening the page to the first rows on a 1M-event store', async ({ browser }) => {
  test.skip(
    !process.env.BIG,
    'Set BIG=1 to build a 1,000,000-event demo store and time the first rows (takes minutes); npm run bench does, with BIG_STORE naming its own 1M store.',
  );
  test.setTimeout(30 * 60_000);
  const big = makeWorkspace('big');
  try {
    // npm run bench passes the 1M store it has just built; otherwise build one here.
    if (process.env.BIG_STORE) big.store = process.env.BIG_STORE;
    else await signtrail(big, ['demo', '--store', big.store, '--events', '1000000']);
    const bigServer = await serve(big);
    const bigPage = await browser.newPage();
    try {
      const info = (await (
        await fetch(new URL('api/store.info', bigServer.url), {
          method: 'POST',
          headers: { Authorization: `Bearer ${bigServer.token}`, 'Content-Type': 'application/json' },
          body: '{}',
        })
      ).json()) as { value: StoreInfo };
      expect(info.value.eventCount).toBe(1_000_000);
      const started = Date.now();
      await bigPage.goto(bigServer.url);
      await expect(bigPage.locator('.MuiDataGrid-row').first()).toBeVisible({ timeout: 30_000 });
      const elapsed = Date.now() - started;
      console.log(`First rows of a 1,000,000-event store on screen ${elapsed} ms after opening the page.`);
      await bigPage.screenshot({ path: path.join(SHOTS, 'big.png') });
      // The time is a measurement, not a pass/fail claim on whatever machine runs the suite:
      // npm run bench reads it from this line and sets it against its target (≤ 2,000 ms).
    } finally {
      await bigPage.close();
      await bigServer.stop();
    }
  } finally {
    big.cleanup();
  }
});
