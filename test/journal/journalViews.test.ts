// What the app shows of the journal, read back through the service from a real case file:
// an event's tags, star, comments and entity notes with analyst and time; saved searches checked
// again against the filter contract (a crafted one is refused, naming the entry and field);
// questions with their conclusions; and the same through `signtrail searches` / `questions`.
import { describe, expect, it } from 'vitest';
import type { EventAnnotations, JournalEntryView, QuestionView, SavedSearchView } from '../../shared/journal';
import { appendCraftedEntry } from '../helpers/craftJournal';
import { cli, importedCase } from './cliHelpers';

async function note(store: string, ...args: string[]): Promise<JournalEntryView> {
  const run = await cli('note', '--store', store, '--json', ...args);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as JournalEntryView;
}

async function ok(...args: string[]): Promise<void> {
  const run = await cli(...args);
  expect(run.code, run.err).toBe(0);
}

async function channel<T>(store: string, name: string, args: object): Promise<T> {
  const { callChannel, withService } = await import('../../electron/cli/callChannel');
  const io = { out: () => {}, err: () => {}, progress: () => {} };
  return withService(store, (s) => callChannel(s, name as never, args as never, io)) as Promise<T>;
}

describe('journal views', () => {
  it("an event's annotations carry the analyst and time, and follow untag, unstar, amend and retract", async () => {
    const { store } = await importedCase();
    await ok('tag', '--store', store, '--event', 'seq:4', '--tag', 'exfiltration', '--note', 'key left');
    await ok('tag', '--store', store, '--event', 'seq:4', '--tag', 'later-removed');
    await ok('untag', '--store', store, '--event', 'seq:4', '--tag', 'later-removed');
    await ok('star', '--store', store, '--event', 'seq:4');
    await ok('comment', '--store', store, '--event', 'seq:4', '--text', 'first thought');
    await ok('comment', '--store', store, '--event', 'seq:4', '--text', 'withdrawn');
    const entries = JSON.parse((await cli('journal', '--store', store, '--json')).out) as JournalEntryView[];
    const [first, second] = entries.filter((e) => e.kind === 'comment');
    await note(store, '--kind', 'amend', '--entry', first.id, '--text', 'second thought');
    await note(store, '--kind', 'retract', '--entry', second.id, '--text', 'wrong event');
    await note(store, '--kind', 'entity-note', '--entity', 'key:key-42', '--text', 'HSM key of the release team');
    await note(store, '--kind', 'entity-note', '--entity', 'actor:mallory@example.com', '--text', 'contractor');
    await note(store, '--kind', 'entity-note', '--entity', 'key:key-43', '--text', 'another key');

    const a = await channel<EventAnnotations>(store, 'journal.annotations', { seq: 4 });
    expect(a.tags).toEqual(['exfiltration']);
    expect(a.tagEntries).toEqual([
      expect.objectContaining({ name: 'exfiltration', note: 'key left', analyst: 'Ada Investigator' }),
    ]);
    expect(a.tagEntries[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(a.starred).toBe(true);
    expect(a.star).toEqual(expect.objectContaining({ analyst: 'Ada Investigator' }));
    expect(a.comments).toEqual([expect.objectContaining({ id: first.id, text: 'second thought', amended: true })]);
    expect(a.entityNotes.map((n) => [n.entity.type, n.entity.id, n.text])).toEqual([
      ['key', 'key-42', 'HSM key of the release team'],
      ['actor', 'mallory@example.com', 'contractor'],
    ]);
    await ok('unstar', '--store', store, '--event', 'seq:4');
    const after = await channel<EventAnnotations>(store, 'journal.annotations', { seq: 4 });
    expect(after.starred).toBe(false);
    expect(after.star).toBeNull();
    const notes = await channel<EventAnnotations['entityNotes']>(store, 'journal.entityNotes', {
      type: 'key',
      id: 'key-42',
    });
    expect(notes.map((n) => n.text)).toEqual(['HSM key of the release team']);
  });

  it('saved searches come back validated; a crafted filter is refused naming the entry and the field', async () => {
    const { store } = await importedCase();
    const saved = await note(
      store,
      '--kind',
      'saved-search',
      '--name',
      'denied',
      '--filter',
      '{"statuses":["DENIED"]}',
    );
    const gone = await note(store, '--kind', 'saved-search', '--name', 'old', '--filter', '{"starred":true}');
    await note(store, '--kind', 'retract', '--entry', gone.id);
    const seq = appendCraftedEntry(store, {
      id: '00000000-0000-4000-8000-00000000abcd',
      kind: 'saved-search',
      body: { name: '<img src=x onerror=alert(1)>', filter: { statuses: ['PWNED'], sql: 'DROP TABLE events' } },
    });
    const list = await channel<SavedSearchView[]>(store, 'journal.savedSearches', {});
    expect(list.map((s) => s.name)).toEqual(['<img src=x onerror=alert(1)>', 'denied']);
    expect(list[0].filter).toBeNull();
    expect(list[0].problem).toMatch(
      new RegExp(`^Journal entry ${seq} \\(saved search .*\\): filter\\.statuses\\.0: .*not applied`),
    );
    expect(list[1]).toMatchObject({ id: saved.id, filter: { statuses: ['DENIED'] }, problem: null });

    const run = await cli('searches', '--store', store);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^denied\tAda Investigator\t.*\t\{"statuses":\["DENIED"\]\}\t/m);
    expect(run.out).toMatch(/\tREFUSED: Journal entry \d+/);
    expect(run.out).toContain('2 saved searches.');
  });

  it('questions list their conclusions and cited events; a retracted conclusion reopens the question', async () => {
    const { store } = await importedCase();
    const q1 = await note(store, '--kind', 'question', '--text', 'Who exported key-42?', '--event', 'seq:4');
    const q2 = await note(store, '--kind', 'question', '--text', 'Was key-43 misused?');
    const c1 = await note(
      store,
      '--kind',
      'conclusion',
      '--question',
      q1.id,
      '--text',
      'mallory',
      '--event',
      'seq:4',
      '--event',
      'seq:2',
    );
    const c2 = await note(store, '--kind', 'conclusion', '--question', q2.id, '--text', 'no');
    await note(store, '--kind', 'retract', '--entry', c2.id);
    const list = await channel<QuestionView[]>(store, 'journal.questions', {});
    expect(list.map((q) => [q.text, q.events, q.conclusions.map((c) => [c.id, c.text, c.events])])).toEqual([
      ['Who exported key-42?', [4], [[c1.id, 'mallory', [2, 4]]]],
      ['Was key-43 misused?', [], []],
    ]);
    const run = await cli('questions', '--store', store);
    expect(run.out).toMatch(/^answered\tAda Investigator\t.*\tWho exported key-42\?\tevents 4\t/m);
    expect(run.out).toMatch(/^ {2}conclusion\tAda Investigator\t.*\tmallory\tevents 2, 4\t/m);
    expect(run.out).toMatch(/^open\t.*\tWas key-43 misused\?\tevents -\t/m);
  });
});
