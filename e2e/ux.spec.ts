// Issue 10, as a new investigator met it: each problem is done here the way the user did it, in
// Chromium against the real browser mode on a demo store, and checked against `signtrail query`.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ANOMALIES } from '../electron/demo/anomalies';
import { seriousViolations } from './support/axe';
import type { EventPage } from '../shared/results';
import { SHOTS, useDemoPage } from './support/demoPage';
import { query } from './support/signtrail';

const session = useDemoPage('ux', 5000);
const countText = (p: EventPage) =>
  `${p.totalIsEstimate ? '≥ ' : ''}${p.total.toLocaleString('en')} ${p.total === 1 ? 'event' : 'events'}`;

async function gridSeqs(page: Page): Promise<number[]> {
  return page.locator('.MuiDataGrid-row').evaluateAll((rows) =>
    rows
      .map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), seq: Number(r.getAttribute('data-id')) }))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.seq),
  );
}

async function expectGrid(flags: string[]): Promise<EventPage> {
  const expected = await query(session.ws, flags);
  await expect(session.page.getByTestId('event-count')).toHaveText(countText(expected));
  const want = expected.rows.map((r) => r.seq);
  await expect
    .poll(async () => {
      const shown = await gridSeqs(session.page);
      return shown.length > 0 && shown.every((seq, i) => seq === want[i]) ? 'match' : shown.slice(0, 5);
    })
    .toBe('match');
  return expected;
}

/** The service's own answer for a filter the CLI has no flag for (exclusions). */
async function apiQuery(filter: object): Promise<EventPage> {
  const response = await fetch(new URL('api/events.query', session.served.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.served.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ filter, sort: { field: 'timestamp', dir: 'desc' }, limit: 100 }),
  });
  return ((await response.json()) as { value: EventPage }).value;
}

async function fresh(): Promise<Page> {
  const page = session.page;
  await page.setViewportSize({ width: 1500, height: 950 });
  await page.goto(new URL(session.served.url).origin + '/');
  // The app restores the last filter on start (localStorage); the previous test's may match nothing,
  // so clear it first and only then wait for rows.
  await expect(page.getByTestId('event-count')).toBeVisible();
  const clear = page.getByRole('button', { name: 'Clear filters' });
  await clear.click();
  await expect(page).not.toHaveURL(/#./);
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();
  const close = page.getByRole('region', { name: /^Event \d+$/ }).getByRole('button', { name: 'Close' });
  if (await close.count()) await close.click();
  return page;
}

test('1. a click on the histogram does not take the focus: typing in Search keeps every key', async () => {
  const page = await fresh();
  await page.getByTestId('histogram-drag').click({ position: { x: 200, y: 40 } });
  await expect(page).toHaveURL(/from=/);
  const search = page.getByLabel('Search', { exact: true });
  await search.click();
  await search.pressSequentially('svc', { delay: 50 });
  // The search runs after 300 ms; the chart redraws with the new counts.
  await expect(page).toHaveURL(/q=svc/);
  await page.waitForTimeout(600);
  await expect(search).toBeFocused();
  await page.keyboard.type('-ci');
  await expect(search).toHaveValue('svc-ci');
  await expect(page).toHaveURL(/q=svc-ci/);
  await expect(search).toBeFocused();
});

test('2. any grid cell pivots: Filter on value and Exclude value, by right-click and by keyboard', async () => {
  const page = await fresh();
  const first = page.locator('.MuiDataGrid-row').first();
  const actor = (await first.locator('[data-field="actorId"]').innerText()).trim();
  await first.locator('[data-field="actorId"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Filter on value' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText(`Actor: ${actor}`);
  await expectGrid(['--actor', actor]);

  // Keyboard: the focused Status cell, Shift+F10, Exclude value.
  const statusCell = page.locator('.MuiDataGrid-row').first().locator('[data-field="status"]');
  const status = (await statusCell.innerText()).trim();
  await statusCell.click();
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menuitem', { name: 'Exclude value' }).press('Enter');
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText(`not Status: ${status}`);
  const expected = await apiQuery({ actors: [actor], exclude: { status: [status] } });
  await expect(page.getByTestId('event-count')).toHaveText(countText(expected));
  await expect(page.locator('.MuiDataGrid-row [data-field="status"]').filter({ hasText: status })).toHaveCount(0);
});

test('2. the detail panel pivots too, and Entity, Request ID and Key ID are filters in the bar', async () => {
  const page = await fresh();
  const { keyId, signingEventId } = DEMO_ANOMALIES.keyUsedAfterRevocation;
  await page.getByRole('textbox', { name: 'Key ID', exact: true }).fill(keyId);
  await page.getByRole('textbox', { name: 'Key ID', exact: true }).press('Enter');
  const byKey = await apiQuery({ keyId });
  await expect(page.getByTestId('event-count')).toHaveText(countText(byKey));
  expect(byKey.rows.map((r) => r.id)).toContain(signingEventId);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('textbox', { name: 'Entity', exact: true }).fill(`Key:${keyId}`);
  await page.getByRole('textbox', { name: 'Entity', exact: true }).press('Enter');
  await expectGrid(['--entity', `Key:${keyId}`]);

  // Open an event and pivot on its request ID from the detail.
  const row = page.locator('.MuiDataGrid-row').first();
  const seq = Number(await row.getAttribute('data-id'));
  await row.locator('[data-field="action"]').click();
  const detail = page.getByRole('region', { name: `Event ${seq}` });
  const fields = detail.getByRole('table', { name: 'Fields' });
  const actorCell = fields.locator('tr', { has: page.locator('th', { hasText: /^Actor$/ }) }).locator('td');
  const actor = (await actorCell.innerText()).trim();
  await actorCell.focus();
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menuitem', { name: 'Exclude value' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText(`not Actor: ${actor}`);
  const expected = await apiQuery({ entityType: 'Key', entityId: keyId, exclude: { actor: [actor] } });
  await expect(page.getByTestId('event-count')).toHaveText(countText(expected));
  // A chip removes its exclusion.
  await page
    .getByRole('list', { name: 'Active filters' })
    .getByRole('listitem')
    .filter({ hasText: `not Actor: ${actor}` })
    .locator('.MuiChip-deleteIcon')
    .click();
  await expectGrid(['--entity', `Key:${keyId}`]);
});

test('3. From and To take typed or pasted ISO 8601, refuse what they cannot read, and offer ranges and a picker', async () => {
  const page = await fresh();
  const from = page.getByLabel('From', { exact: true });
  await from.fill('03022026 0840');
  await from.press('Enter');
  await expect(page.getByText(/“03022026 0840” is not a date-time/)).toBeVisible();
  await expect(page).not.toHaveURL(/from=/);
  await expect(from).toHaveValue('03022026 0840');

  // A time copied from the grid, pasted.
  const when = DEMO_ANOMALIES.denialBurst.from;
  await from.fill('');
  await from.focus();
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, when);
  const to = page.getByLabel('To', { exact: true });
  await to.fill('2026-03-02 08:43');
  await to.press('Enter');
  await expectGrid(['--from', when, '--to', '2026-03-02T08:43:00Z']);

  await page.getByRole('button', { name: 'Pick From date and time' }).click();
  await expect(page.getByLabel('From picker')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Range' }).click();
  await page.getByRole('menuitem', { name: 'The case’s whole span' }).click();
  const all = await query(session.ws, []);
  await expect(page.getByTestId('event-count')).toHaveText(countText(all));
  await expect(page).toHaveURL(/from=2026-03-0/);
});

test('4. ticked rows are cleared by a filter change, and Export says what it will write', async () => {
  const page = await fresh();
  await page.locator('.MuiDataGrid-row').first().getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export events' });
  await expect(dialog.getByRole('radio', { name: 'Only the 1 ticked row' })).toBeChecked();
  await expect(dialog.getByRole('note', { name: 'What will be written' })).toContainText('1 event: seq');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('combobox', { name: 'Status' }).fill('DENIED');
  await page.keyboard.press('Enter');
  const denied = await expectGrid(['--status', 'DENIED']);
  await expect(page.getByText(/row selected/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(dialog.getByRole('radio', { name: 'Only ticked rows (none ticked)' })).toBeDisabled();
  await expect(dialog.getByRole('note', { name: 'What will be written' })).toContainText(
    `${countText(denied)} matching: Status: DENIED.`,
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('5. round buckets over the case, zoom by drag, Zoom out and Back undo it, log scale, statuses by pattern', async () => {
  const page = await fresh();
  const figure = page.getByRole('region', { name: 'Events over time' });
  await expect(figure).toContainText(/one bar is (\d+ )?(second|minute|hour|day|week)s?, over the whole case/);
  const starts = await figure.locator('[data-testid="histogram-bar"] title').allTextContents();
  // Every bar starts on a round minute.
  for (const t of starts.slice(0, 5)) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00(\.0+)?Z/);
  await expect(figure.locator('rect[fill="url(#hist-FAILURE)"]').first()).toBeAttached();

  const drag = page.getByTestId('histogram-drag');
  const box = (await drag.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.55, box.y + 30);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.65, box.y + 30, { steps: 4 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*to=/);
  const zoomed = page.url();
  await expect(figure).not.toContainText('over the whole case');

  await figure.getByRole('button', { name: 'Zoom out' }).click();
  await expect(page).not.toHaveURL(zoomed);
  await page.goBack();
  await expect(page).toHaveURL(zoomed);
  await page.goBack();
  await expect(page).not.toHaveURL(/from=/);
  await expect(figure).toContainText('over the whole case');

  const log = figure.getByRole('button', { name: 'Log scale' });
  await log.click();
  await expect(log).toHaveAttribute('aria-pressed', 'true');
  await log.click();
});

test('6. the grid comes first: at 1024 px Time, Actor, Action, Entity and Status show, and picking does not reflow', async () => {
  const page = await fresh();
  await page.setViewportSize({ width: 1024, height: 700 });
  const grid = page.getByRole('grid', { name: 'Events' });
  const facets = page.getByRole('button', { name: 'Facets' });
  if ((await facets.getAttribute('aria-pressed')) === 'true') await facets.click();
  for (const name of ['Time', 'Actor', 'Action', 'Entity', 'Status']) {
    const header = grid.getByRole('columnheader', { name });
    const b = (await header.boundingBox())!;
    expect(b.x + b.width, `${name} is inside the window`).toBeLessThanOrEqual(1024);
  }
  const top = (await grid.boundingBox())!.y;
  await page.getByRole('combobox', { name: 'Actor' }).fill('mallory');
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: 'Status' }).fill('DEN');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Status: DENIED');
  expect((await grid.boundingBox())!.y).toBe(top);

  const before = (await grid.boundingBox())!.height;
  await page.getByRole('button', { name: 'Hide histogram' }).click();
  await expect.poll(async () => (await grid.boundingBox())!.height).toBeGreaterThan(before + 60);
  await page.getByRole('button', { name: 'Show histogram' }).click();
});

test('7. Actor: Enter takes the suggestion; text that matches nothing says it is not applied', async () => {
  const page = await fresh();
  const actor = page.getByRole('combobox', { name: 'Actor' });
  await actor.fill('mall');
  await actor.press('Enter');
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Actor: mallory@example.com');
  await expectGrid(['--actor', 'mallory@example.com']);
  await actor.fill('nobody-at-all');
  await expect(page.getByText('“nobody-at-all” is not applied: pick a suggestion')).toBeVisible();
  await actor.press('Enter');
  await expect(page.getByText('“nobody-at-all” is not applied: pick a suggestion')).toBeVisible();
  await expectGrid(['--actor', 'mallory@example.com']);
});

test('8. honest messages: query not run, the case span when nothing matches, singular counts', async () => {
  const page = await fresh();
  const search = page.getByLabel('Search', { exact: true });
  await search.fill('"unclosed');
  await expect(page.getByTestId('event-count')).toHaveText('Query not run');
  await expect(page.getByText(/^Query not run: Search: the quote at position 1 is not closed/)).toBeVisible();
  await expect(page.getByText('0 events', { exact: true })).toHaveCount(0);
  await search.fill('');

  await page.getByLabel('From', { exact: true }).fill('2030-01-01T00:00:00Z');
  await page.getByLabel('From', { exact: true }).press('Enter');
  await expect(page.getByTestId('event-count')).toHaveText('0 events');
  await expect(page.getByRole('grid', { name: 'Events' })).toContainText('The case spans 2026-03-02T');
  await expect(page.getByRole('region', { name: 'Events over time' })).toContainText('The case spans 2026-03-02T');

  const night = DEMO_ANOMALIES.nightSigning;
  const ms = Date.parse(night.timestamp);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('From', { exact: true }).fill(new Date(ms - (ms % 1000)).toISOString());
  await page.getByLabel('To', { exact: true }).fill(new Date(ms - (ms % 1000) + 1000).toISOString());
  await page.getByLabel('To', { exact: true }).press('Enter');
  await expect(page.getByTestId('event-count')).toHaveText('1 event');
});

test('9. the detail is docked beside the grid, resizable, follows the grid, and Around shows the event', async () => {
  const page = await fresh();
  const rows = page.locator('.MuiDataGrid-row');
  const seq0 = Number(await rows.nth(0).getAttribute('data-id'));
  const seq1 = Number(await rows.nth(1).getAttribute('data-id'));
  await rows.nth(0).locator('[data-field="action"]').click();
  const detail = page.getByRole('region', { name: `Event ${seq0}` });
  await expect(detail).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Events' });
  const g = (await grid.boundingBox())!;
  const d = (await detail.boundingBox())!;
  expect(g.x + g.width).toBeLessThanOrEqual(d.x + 1);
  // Still usable: the grid takes the keyboard and the detail follows its focus.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('region', { name: `Event ${seq1}` })).toBeVisible();

  const handle = page.getByRole('separator', { name: 'Resize the event detail' });
  const w0 = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(w0 + 40));

  const current = page.getByRole('region', { name: `Event ${seq1}` });
  await current.getByRole('tab', { name: 'Around' }).click();
  const around = current.getByRole('table', { name: 'Events around' });
  await expect(around.getByRole('columnheader', { name: 'Entity' })).toBeVisible();
  const marked = around.locator('tr[aria-current="true"]');
  await expect(marked).toHaveAttribute('data-seq', String(seq1));
  await expect(marked).toContainText('this event');
  await expect(marked).toBeInViewport();
  await page.screenshot({ path: path.join(SHOTS, 'detail-docked.png') });
  await current.getByRole('button', { name: 'Close' }).click();
  await expect(current).toBeHidden();
});

test('10. a PNG is refused by its content with a clear message, and the conflict view marks what differs', async () => {
  const page = await fresh();
  const png = path.join(session.ws.dir, 'evidence.png');
  const bytes = Buffer.alloc(2048, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  fs.writeFileSync(png, bytes);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles(png);
  const summary = page.getByRole('status', { name: 'Import summary for evidence.png' });
  await expect(summary).toContainText('evidence.png (2,048 bytes)');
  await expect(summary).toContainText('the file is a PNG image, not an audit log');
  await expect(summary).not.toContainText('(CSV');
  await expect(page.getByRole('dialog', { name: 'Import audit files' })).not.toContainText('/tmp/');

  const csv = (status: string) =>
    `Event ID,Timestamp,Actor,Actor Type,Action,Entity,Status,Details\nux-c-1,2026-03-03T10:00:00Z,zed@example.com,user,KEY_ROTATED,Key:key-ux,${status},"{""reason"":""x""}"\n`;
  const file = path.join(session.ws.dir, 'conflict.csv');
  for (const status of ['SUCCESS', 'FAILURE']) {
    fs.writeFileSync(file, csv(status));
    const next = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await (await next).setFiles(file);
    await expect(page.getByRole('status', { name: 'Import summary for conflict.csv' })).toBeVisible();
  }
  await expect(page.getByRole('status', { name: 'Import summary for conflict.csv' })).toContainText('1 conflict of');
  await page.getByRole('button', { name: /^Conflict: ux-c-1/ }).click();
  const conflict = page.getByRole('dialog', { name: /Conflict for event ux-c-1/ });
  await expect(conflict.getByRole('status')).toHaveText('Differs in status.');
  await expect(conflict.locator('tr[data-differs="true"]')).toHaveCount(1);
  await expect(conflict.locator('tr[data-differs="true"]')).toContainText('FAILURE');
  expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  await conflict.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
});

test('facets: counts by value from the store, each a filter on or an exclusion', async () => {
  const page = await fresh();
  const facets = page.getByRole('region', { name: 'Facets' });
  if (!(await facets.isVisible())) await page.getByRole('button', { name: 'Facets' }).click();
  await page.getByRole('combobox', { name: 'Status' }).fill('DENIED');
  await page.keyboard.press('Enter');
  await expectGrid(['--status', 'DENIED']);
  const top = await query(session.ws, ['--status', 'DENIED', '--actor', 'mallory@example.com']);
  const mallory = facets.getByRole('button', {
    name: `Filter on Actor mallory@example.com ${top.total.toLocaleString('en')}`,
  });
  await expect(mallory).toBeVisible();
  for (const field of ['Actor', 'Action', 'Category', 'Status', 'Entity', 'Key ID', 'Agent'])
    await expect(facets.getByRole('heading', { name: field, exact: true })).toBeVisible();
  await facets.getByRole('button', { name: 'Exclude Actor mallory@example.com' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('not Actor: mallory@example.com');
  const rest = await apiQuery({ statuses: ['DENIED'], exclude: { actor: ['mallory@example.com'] } });
  await expect(page.getByTestId('event-count')).toHaveText(countText(rest));
  await page.goBack();
  await mallory.click();
  await expectGrid(['--status', 'DENIED', '--actor', 'mallory@example.com']);
});

test('views: Back and Forward step through filters; a named view and the recent list bring one back', async () => {
  const page = await fresh();
  await page.getByRole('combobox', { name: 'Status' }).fill('DENIED');
  await page.keyboard.press('Enter');
  await expectGrid(['--status', 'DENIED']);
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Name this view…' }).click();
  await page.getByLabel('View name').fill('Denials');
  await page.getByRole('button', { name: 'Save' }).click();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/#./);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expectGrid(['--status', 'DENIED']);
  await page.getByRole('button', { name: 'Forward', exact: true }).click();
  await expect(page).not.toHaveURL(/#./);

  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Denials' }).click();
  await expectGrid(['--status', 'DENIED']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('button', { name: 'Views' }).click();
  await expect(page.getByRole('menuitem', { name: 'Status: DENIED' }).first()).toBeVisible();
  await page.keyboard.press('Escape');
});

test('the demo guide’s anomalies are each found in at most three actions from the opening view', async () => {
  const a = DEMO_ANOMALIES;
  let page = await fresh();
  // 1. Entity box: type, Enter (2 actions).
  await page.getByRole('textbox', { name: 'Entity', exact: true }).fill(`Key:${a.keyUsedAfterRevocation.keyId}`);
  await page.getByRole('textbox', { name: 'Entity', exact: true }).press('Enter');
  const key = await expectGrid(['--entity', `Key:${a.keyUsedAfterRevocation.keyId}`]);
  expect(key.rows.map((r) => r.id)).toContain(a.keyUsedAfterRevocation.signingEventId);
  // 2. Actor box: type "mallory", Enter (2 actions).
  page = await fresh();
  await page.getByRole('combobox', { name: 'Actor' }).fill('mallory');
  await page.keyboard.press('Enter');
  const burst = await expectGrid(['--actor', a.denialBurst.actorId]);
  expect(
    burst.rows
      .filter((r) => r.status === 'DENIED')
      .map((r) => r.id)
      .sort(),
  ).toEqual([...a.denialBurst.eventIds].sort());
  // 3. Search: type the artifact (1 action).
  page = await fresh();
  await page.getByLabel('Search', { exact: true }).fill(a.nightSigning.artifact);
  const night = await expectGrid(['--q', a.nightSigning.artifact]);
  expect(night.rows.map((r) => r.id)).toContain(a.nightSigning.eventId);
});

test('accessibility: no serious or critical axe violation in the main view, the detail and every dialog', async () => {
  test.setTimeout(300_000);
  const page = await fresh();
  await page.getByLabel('Search', { exact: true }).fill('DENIED');
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();
  // The grid while it loads over rows it shows: its queries are held until axe has looked.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/events.query', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByLabel('Search', { exact: true }).fill('SIGNING');
  await expect(page.getByRole('progressbar', { name: 'Loading events' })).toBeVisible();
  expect(await seriousViolations(page, undefined, { settled: false }), 'grid loading').toEqual([]);
  release(); // the route stays, passing every later query straight on
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();
  // The main view with the facets closed, then open with their counts in.
  const facets = page.getByRole('region', { name: 'Facets' });
  if (await facets.isVisible()) await page.getByRole('button', { name: 'Facets' }).click();
  await expect(facets).toHaveCount(0);
  expect(await seriousViolations(page), 'main view').toEqual([]);
  await page.getByRole('button', { name: 'Facets' }).click();
  await expect(facets.getByRole('button', { name: /^Filter on / }).first()).toBeVisible();
  expect(await seriousViolations(page), 'main view with the facets').toEqual([]);
  // A search that matches nothing: the grid's empty overlay.
  await page.getByLabel('Search', { exact: true }).fill('nosuchwordanywhere');
  await expect(page.getByText(/No events match this filter/)).toBeVisible();
  expect(await seriousViolations(page), 'empty result').toEqual([]);
  await page.getByLabel('Search', { exact: true }).fill('DENIED');
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();

  await page.locator('.MuiDataGrid-row').first().locator('[data-field="action"]').click();
  await expect(page.getByRole('region', { name: /^Event \d+$/ })).toBeVisible();
  expect(await seriousViolations(page, 'section[aria-label^="Event "]')).toEqual([]);
  await page.keyboard.press('Escape');

  const dialogs: [string, string][] = [
    ['Import', 'Import audit files'],
    ['Verify', 'Verify the store'],
    ['Export CSV', 'Export events'],
    ['Sync', 'Sync sources'],
    ['Reports', 'Compliance report'],
  ];
  for (const [button, name] of dialogs) {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    if (name === 'Verify the store')
      await expect(dialog.getByRole('status')).toContainText('Intact', { timeout: 60_000 });
    expect(await seriousViolations(page, '[role="dialog"]'), name).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  }
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Name this view…' }).click();
  expect(await seriousViolations(page, '[role="dialog"]'), 'Name this view').toEqual([]);
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The side panels: Detections (after its run) and the Journal.
  await page.getByRole('button', { name: 'Detections', exact: true }).click();
  const detections = page.getByRole('region', { name: 'Detections' });
  await expect(detections.getByRole('status', { name: 'Detection summary' })).toContainText(/from \d+ rules/, {
    timeout: 60_000,
  });
  expect(await seriousViolations(page), 'Detections').toEqual([]);
  await detections.getByRole('button', { name: 'Close' }).click();
  await expect(detections).toBeHidden();
  await page.getByRole('button', { name: 'Journal', exact: true }).click();
  const journal = page.getByRole('region', { name: 'Journal' });
  await expect(journal).toBeVisible();
  expect(await seriousViolations(page), 'Journal').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(journal).toBeHidden();

  // The focus ring on toolbar buttons is visible.
  await page.getByRole('button', { name: 'Import', exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const outline = await page
    .getByRole('button', { name: 'Import', exact: true })
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.screenshot({ path: path.join(SHOTS, 'main-ux.png') });
});
