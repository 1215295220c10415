// Issue 10, problem 8: a keyword count capped for speed reads "≥ N", paging on past the cap still
// works, and the last page shows the exact count. The server's cap is lowered to 250
// (SIGNTRAIL_KEYWORD_COUNT_LIMIT) so that a 3,000-event demo case reaches it; the oracle is the CLI,
// whose own cap (10,000) is not reached, so it gives exact counts and rows.
import { expect, test } from '@playwright/test';
import { useDemoPage } from './support/demoPage';
import { query } from './support/signtrail';

const CAP = 250;
const session = useDemoPage('pager', 3000, { SIGNTRAIL_KEYWORD_COUNT_LIMIT: String(CAP) });
const fmt = (n: number) => n.toLocaleString('en');

test('8. a capped keyword count reads ≥ N, paging to the end works and then shows the exact count', async () => {
  const { page, ws } = session;
  // A word with several pages of matches past the cap, found with the CLI.
  let word = '';
  let total = 0;
  for (const candidate of ['POLICY_EVALUATED', 'approval', 'signing', 'SUCCESS']) {
    const found = await query(ws, ['--q', candidate], 1);
    if (!found.totalIsEstimate && found.total > 2 * CAP && found.total < 2000) {
      word = candidate;
      total = found.total;
      break;
    }
  }
  expect(word, 'a word matching between 500 and 2,000 events').not.toBe('');

  await page.getByLabel('Search', { exact: true }).fill(word);
  await expect(page.getByTestId('event-count')).toHaveText(`≥ ${fmt(CAP)} events`);
  const pager = page.locator('.MuiTablePagination-displayedRows');
  await expect(pager).toHaveText(`1–100 of ≥ ${fmt(CAP)}`);

  const next = page.getByRole('button', { name: 'Go to next page' });
  const pages = Math.ceil(total / 100);
  for (let p = 1; p < pages; p++) {
    await expect(next).toBeEnabled();
    await next.click();
    // Off the button again: its "Go to next page" tooltip would otherwise cover it at the next click.
    await page.mouse.move(0, 0);
    const from = p * 100 + 1;
    const to = Math.min(total, (p + 1) * 100);
    // Before the last page the count is still a lower bound, never a made-up exact figure.
    const of = p === pages - 1 ? fmt(total) : `≥ ${fmt(Math.max(CAP, to + 1))}`;
    await expect(pager).toHaveText(`${fmt(from)}–${fmt(to)} of ${of}`);
  }
  await expect(page.getByTestId('event-count')).toHaveText(`${fmt(total)} events`);
  await expect(next).toBeDisabled();

  // The last page holds the same events as the CLI's last page, in the grid's order (the grid
  // renders only the rows in view, so those are compared, from the top).
  const last = await query(ws, ['--q', word, '--offset', String((pages - 1) * 100)], 100);
  expect(last.total).toBe(total);
  const want = last.rows.map((r) => r.seq);
  expect(want).toHaveLength(total - (pages - 1) * 100);
  await expect
    .poll(async () => {
      const shown = await page.locator('.MuiDataGrid-row').evaluateAll((rows) =>
        rows
          .map((r) => ({ i: Number(r.getAttribute('aria-rowindex')), seq: Number(r.getAttribute('data-id')) }))
          .sort((a, b) => a.i - b.i)
          .map((r) => r.seq),
      );
      return shown.length > 0 && shown.every((seq, i) => seq === want[i]) ? 'match' : shown.slice(0, 5);
    })
    .toBe('match');
});
