// The investigator's journal in the UI, in Chromium against the real browser mode on a real demo
// case: the tagged/starred/commented filters (chips, kept in the URL), saved searches, questions
// with conclusions, an event's tags, star, comments and entity notes in its detail (untag,
// unstar, amend, retract), Shift+T/Shift+S on ticked rows, the shortcuts list, hostile text
// rendered as text, and a crafted saved search refused. Every write is checked with the CLI.
import { expect, test } from '@playwright/test';
import type { JournalEntryView, QuestionView } from '../shared/journal';
import { appendCraftedEntry } from '../test/helpers/craftJournal';
import { useDemoPage } from './support/demoPage';
import { query, signtrail } from './support/signtrail';

const session = useDemoPage('journal-ui', 1500);
const HOSTILE = '<img src=x onerror=alert(1)>';
const dialogs: string[] = [];
/** The three events tagged "suspicious" (ascending), and the one of them shown first in the grid. */
let tagged: number[] = [];
let firstRow = 0;

async function journal(): Promise<JournalEntryView[]> {
  return JSON.parse(await signtrail(session.ws, ['journal', '--store', session.ws.store, '--json']));
}

async function seqsOf(flags: string[]): Promise<number[]> {
  return (await query(session.ws, flags, 100, 'seq')).rows.map((r) => r.seq);
}

/** The seqs of the rows the grid shows now, ascending. */
async function gridSeqs(): Promise<number[]> {
  const rows = session.page.locator('.MuiDataGrid-row');
  const seqs = await rows.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))));
  return seqs.sort((a, b) => a - b);
}

async function tick(indexes: number[]): Promise<number[]> {
  const rows = session.page.locator('.MuiDataGrid-row');
  for (const i of indexes) await rows.nth(i).getByRole('checkbox').check();
  const selected = session.page.locator('.MuiDataGrid-row[aria-selected="true"]');
  await expect(selected).toHaveCount(indexes.length);
  return (await selected.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))))).sort((a, b) => a - b);
}

/** Focus somewhere that is not a text box, so single-key shortcuts reach the window. */
const away = () => session.page.getByRole('heading', { name: 'SignTrail' }).click();

test.beforeAll(() => {
  session.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

test('tags, stars and a comment from the toolbar and keys; hostile names and text stay text', async () => {
  const page = session.page;
  tagged = await tick([0, 1, 2]);
  firstRow = Number(await page.locator('.MuiDataGrid-row').first().getAttribute('data-id'));
  await page.getByRole('button', { name: 'Tag', exact: true }).click();
  await page.getByLabel('Tag name').fill('suspicious');
  await page.getByRole('dialog').getByRole('button', { name: 'Tag' }).click();
  await expect(page.getByTestId('journal-message')).toContainText('tag on 3 event(s)');
  await away();
  await page.keyboard.press('s');
  await expect(page.getByTestId('journal-message')).toContainText('star on 3 event(s)');
  // Only the first stays ticked: a hostile tag name and a hostile comment on it.
  const rows = page.locator('.MuiDataGrid-row');
  await rows.nth(1).getByRole('checkbox').uncheck();
  await rows.nth(2).getByRole('checkbox').uncheck();
  await away();
  await page.keyboard.press('t');
  await page.getByLabel('Tag name').fill(HOSTILE);
  await page.getByLabel('Tag name').press('Enter');
  await expect(page.getByTestId('journal-message')).toContainText('tag on 1 event(s)');
  await away();
  await page.keyboard.press('c');
  await page.getByRole('textbox', { name: 'Comment' }).fill(`${HOSTILE} seen twice`);
  await page.getByRole('dialog').getByRole('button', { name: 'Comment' }).click();
  await expect(page.getByTestId('journal-message')).toContainText('comment on 1 event(s)');
  expect(await seqsOf(['--tag', HOSTILE])).toEqual([firstRow]);
  expect(await seqsOf(['--commented'])).toEqual([firstRow]);
  expect(dialogs).toEqual([]);
});

test('Tagged, Starred and Commented filter the grid, show as chips and live in the URL', async () => {
  const page = session.page;
  await page.getByRole('combobox', { name: 'Tagged' }).click();
  await page.getByRole('option', { name: 'suspicious', exact: true }).click();
  await away();
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByText('Tagged: suspicious')).toBeVisible();
  await expect.poll(gridSeqs).toEqual(tagged);
  await page.getByRole('button', { name: 'Commented' }).click();
  await expect(chips.getByText('Commented')).toBeVisible();
  await expect.poll(gridSeqs).toEqual([firstRow]);
  await page.getByRole('button', { name: 'Commented' }).click();
  await page.getByRole('button', { name: 'Starred' }).click();
  await expect(chips.getByText('Starred', { exact: true })).toBeVisible();
  await expect.poll(gridSeqs).toEqual(await seqsOf(['--tag', 'suspicious', '--starred']));
  expect(new URL(page.url()).hash).toBe('#tag=suspicious&starred=1');
  // The link alone brings the filter back.
  await page.reload();
  await expect(chips.getByText('Tagged: suspicious')).toBeVisible();
  await expect(chips.getByText('Starred', { exact: true })).toBeVisible();
  await expect.poll(gridSeqs).toEqual(tagged);
  // The hostile tag name is a chip of plain text, not an element.
  await page.getByRole('combobox', { name: 'Tagged' }).click();
  await page.getByRole('option', { name: HOSTILE }).click();
  await away();
  await expect(chips.getByText(`Tagged: ${HOSTILE}`)).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect.poll(gridSeqs).toEqual([firstRow]);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  expect(dialogs).toEqual([]);
});

test('saves the current filter as a saved search, applies it, and retracts it', async () => {
  const page = session.page;
  await page.getByRole('button', { name: 'Starred' }).click();
  await page.getByRole('button', { name: 'Saved searches' }).click();
  await page.getByRole('menuitem', { name: 'Save this search…' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('starred by the team');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('saved-search-message')).toContainText('saved search "starred by the team"');
  const saved = (await journal()).at(-1)!;
  expect(saved).toMatchObject({
    kind: 'saved-search',
    body: { name: 'starred by the team', filter: { starred: true } },
  });

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('No filter');
  await page.getByRole('button', { name: 'Saved searches' }).click();
  await page.getByTestId('saved-search').filter({ hasText: 'starred by the team' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' }).getByText('Starred', { exact: true })).toBeVisible();
  await expect.poll(gridSeqs).toEqual(await seqsOf(['--starred']));

  await page.getByRole('button', { name: 'Saved searches' }).click();
  await page.getByRole('button', { name: 'Retract saved search starred by the team' }).click();
  await expect(page.getByTestId('saved-search-message')).toContainText('retracted');
  const retract = (await journal()).at(-1)!;
  expect(retract).toMatchObject({ kind: 'retract', body: { entry: saved.id } });
  expect((await journal()).find((e) => e.id === saved.id)?.retractedBy).toBe(retract.id);
  await page.getByRole('button', { name: 'Saved searches' }).click();
  await expect(page.getByTestId('saved-search')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Clear filters' }).click();
});

test('asks a question citing ticked events, answers it with a conclusion, and jumps to a cited event', async () => {
  const page = session.page;
  const cited = await tick([3, 4]);
  await page.getByRole('button', { name: 'Questions', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Questions' });
  await panel.getByLabel('New question').fill('Who used the key after hours?');
  await expect(panel.getByLabel('Cite the 2 ticked event(s)')).toBeChecked();
  await panel.getByRole('button', { name: 'Ask' }).click();
  const question = panel.getByTestId('question').filter({ hasText: 'Who used the key after hours?' });
  await expect(question).toContainText('open');
  await panel.getByRole('button', { name: 'Answered' }).click();
  await expect(question).toHaveCount(0);
  await panel.getByRole('button', { name: 'Open' }).click();
  await expect(question).toHaveCount(1);
  await question.getByRole('button', { name: 'Answer' }).click();
  await question.getByLabel('Conclusion').fill(`The build agent did; ${HOSTILE}`);
  await question.getByRole('button', { name: 'Save conclusion' }).click();
  await expect(question).toHaveCount(0); // no longer open
  await panel.getByRole('button', { name: 'Answered' }).click();
  await expect(question.getByTestId('conclusion')).toContainText(`The build agent did; ${HOSTILE}`);
  const list = JSON.parse(
    await signtrail(session.ws, ['questions', '--store', session.ws.store, '--json']),
  ) as QuestionView[];
  expect(list.map((q) => [q.text, q.events, q.conclusions.map((c) => [c.text, c.events])])).toEqual([
    ['Who used the key after hours?', cited, [[`The build agent did; ${HOSTILE}`, cited]]],
  ]);
  await question
    .getByTestId('conclusion')
    .getByRole('button', { name: `event ${cited[1]}` })
    .click();
  await expect(page.getByRole('region', { name: 'Questions' })).toHaveCount(0);
  await expect(page.getByText(`Showing the 2 event(s) cited by the conclusion`)).toBeVisible();
  await expect.poll(gridSeqs).toEqual(cited);
  await expect(page.getByRole('region', { name: `Event ${cited[1]}` })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).first().click();
  expect(dialogs).toEqual([]);
});

test('the detail shows tags, star, comments and entity notes with analyst and time; untag, unstar, amend, retract', async () => {
  const page = session.page;
  const seq = firstRow;
  const analyst = (await journal())[0].analyst;
  await page.goto(`${session.served.url.split('#')[0]}#tag=${encodeURIComponent(HOSTILE)}`);
  await page.locator('.MuiDataGrid-row').first().locator('[data-field="action"]').click();
  const detail = page.getByRole('region', { name: `Event ${seq}` });
  const own = detail.getByRole('region', { name: 'Annotations of this event' });
  await expect(own.getByTestId('event-tag')).toHaveCount(2);
  await expect(own.getByTestId('event-tag').filter({ hasText: 'suspicious' })).toContainText(analyst);
  await expect(own.getByTestId('event-tag').filter({ hasText: HOSTILE })).toContainText(
    /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
  );
  await expect(own.getByTestId('event-star')).toContainText(`Starred — ${analyst}`);
  const comment = own.getByTestId('event-comment');
  await expect(comment).toContainText(`${HOSTILE} seen twice — ${analyst}`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  await comment.getByRole('button', { name: 'Amend' }).click();
  await own.getByLabel('Amended comment').fill('seen three times');
  await own.getByRole('button', { name: 'Save' }).click();
  await expect(comment).toContainText('seen three times (amended)');
  const commentEntry = (await journal()).find((e) => e.kind === 'comment')!;
  expect((await journal()).at(-1)).toMatchObject({
    kind: 'amend',
    body: { entry: commentEntry.id, text: 'seen three times' },
  });
  await comment.getByRole('button', { name: 'Retract' }).click();
  await expect(own.getByTestId('event-comment')).toHaveCount(0);
  expect((await journal()).at(-1)).toMatchObject({ kind: 'retract', body: { entry: commentEntry.id } });
  expect(await seqsOf(['--commented'])).toEqual([]);

  await own.getByRole('button', { name: 'Unstar' }).click();
  await expect(own.getByTestId('event-star')).toContainText('Not starred');
  expect(await seqsOf(['--starred'])).not.toContain(seq);
  await own.getByRole('button', { name: 'Untag suspicious' }).click();
  await expect(own.getByTestId('event-tag')).toHaveCount(1);
  expect(await seqsOf(['--tag', 'suspicious'])).not.toContain(seq);

  // A note on the event's entity, written on its lifecycle view, shows there and in the detail.
  await detail.getByRole('tab', { name: 'Entity history' }).click();
  await detail.getByLabel('Add a note on this entity').fill('Release team HSM key');
  await detail.getByRole('button', { name: 'Add note' }).click();
  await expect(detail.getByTestId('entity-note')).toContainText(`Release team HSM key — ${analyst}`);
  const noteEntry = (await journal()).at(-1)!;
  expect(noteEntry.kind).toBe('entity-note');
  await detail.getByRole('tab', { name: 'Event' }).click();
  await expect(own.getByTestId('event-entity-note')).toContainText('Release team HSM key');

  // Actors have no lifecycle tab: their notes are written on any of their events, and kept in the journal.
  const actorNotes = detail.getByRole('region', { name: /^Notes on actor / });
  const actor = (await actorNotes.getAttribute('aria-label'))!.slice('Notes on actor '.length);
  expect((await query(session.ws, ['--actor', actor], 100, 'seq')).rows.map((r) => r.seq)).toContain(seq);
  await actorNotes.getByLabel('Add a note on this actor').fill(`${HOSTILE} on call`);
  await actorNotes.getByRole('button', { name: 'Add note' }).click();
  await expect(actorNotes.getByTestId('entity-note')).toContainText(`${HOSTILE} on call — ${analyst}`);
  expect((await journal()).at(-1)).toMatchObject({
    kind: 'entity-note',
    body: { entity: { type: 'actor', id: actor }, text: `${HOSTILE} on call` },
  });
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  expect(dialogs).toEqual([]);
});

test('Shift+S unstars and Shift+T untags the ticked rows', async () => {
  const page = session.page;
  const rest = tagged.filter((s) => s !== firstRow);
  await page.getByRole('combobox', { name: 'Tagged' }).click();
  await page.getByRole('option', { name: 'suspicious', exact: true }).click();
  await away();
  await expect.poll(gridSeqs).toEqual(rest);
  await tick([0, 1]);
  await away();
  await page.keyboard.press('Shift+S');
  await expect(page.getByTestId('journal-message')).toContainText('unstar on 2 event(s)');
  expect(await seqsOf(['--starred'])).toEqual([]);
  await page.keyboard.press('Shift+T');
  await expect(page.getByRole('dialog')).toContainText('Untag 2 event(s)');
  await page.getByRole('dialog').getByLabel('Tag name').click();
  await page.getByRole('option', { name: 'suspicious', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Untag' }).click();
  await expect(page.getByTestId('journal-message')).toContainText('untag on 2 event(s)');
  expect(await seqsOf(['--tag', 'suspicious'])).toEqual([]);
  await page.getByRole('button', { name: 'Clear filters' }).click();
});

test('? lists the keyboard shortcuts', async () => {
  const page = session.page;
  await away();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Shift\+T .*Untag/ })).toBeVisible();
  await expect(dialog.getByRole('row', { name: /^Q / })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

// Last: the crafted row is unsealed, so the journal refuses new entries afterwards.
test('a crafted saved search whose filter breaks the contract is refused with a clear message', async () => {
  const page = session.page;
  appendCraftedEntry(session.ws.store, {
    id: '00000000-0000-4000-8000-00000000beef',
    kind: 'saved-search',
    body: { name: HOSTILE, filter: { statuses: ['PWNED'], seqs: [1] } },
  });
  const before = page.url();
  await page.getByRole('button', { name: 'Saved searches' }).click();
  const item = page.getByTestId('saved-search').filter({ hasText: HOSTILE });
  await expect(item).toContainText('refused: not a valid filter');
  await item.click();
  await expect(page.getByTestId('saved-search-message')).toContainText(
    /saved search "<img src=x onerror=alert\(1\)>"\): filter\.statuses\.0: .*It is not applied\./,
  );
  expect(page.url()).toBe(before);
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('No filter');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
