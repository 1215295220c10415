// The case journal end to end through the real command line and real case files: tags, comments,
// stars, a question and its conclusion; filters; a round trip to another installation; and a
// tampered journal found at its exact position.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { JournalEntryView } from '../../shared/journal';
import type { VerifyReport } from '../../shared/results';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { tempDir } from '../helpers/tmp';
import { cli, importedCase } from './cliHelpers';

async function journal(store: string): Promise<JournalEntryView[]> {
  const run = await cli('journal', '--store', store, '--json');
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as JournalEntryView[];
}

async function verify(store: string, ...more: string[]): Promise<{ code: number; report: VerifyReport }> {
  const run = await cli('verify', '--store', store, '--json', ...more);
  return { code: run.code, report: JSON.parse(run.out) as VerifyReport };
}

/** A case with two tags, a comment, a star, a question and its conclusion. */
async function annotatedCase() {
  const c = await importedCase();
  const s = c.store;
  expect(
    (
      await cli(
        'tag',
        '--store',
        s,
        '--event',
        'seq:2',
        '--event',
        'seq:4',
        '--tag',
        'suspicious',
        '--note',
        'off hours',
      )
    ).code,
  ).toBe(0);
  expect((await cli('tag', '--store', s, '--event', 'seq:4', '--tag', 'exfiltration')).code).toBe(0);
  expect(
    (await cli('comment', '--store', s, '--event', 'seq:4', '--text', 'Key exported by a contractor account')).code,
  ).toBe(0);
  expect((await cli('star', '--store', s, '--event', 'seq:4')).code).toBe(0);
  const q = await cli('note', '--store', s, '--kind', 'question', '--text', 'Who exported key-42?', '--json');
  const question = JSON.parse(q.out) as JournalEntryView;
  const conclusion = await cli(
    'note',
    '--store',
    s,
    '--kind',
    'conclusion',
    '--question',
    question.id,
    '--text',
    'mallory did, at 09:07',
    '--event',
    'seq:4',
    '--json',
  );
  expect(conclusion.code, conclusion.err).toBe(0);
  return { ...c, question };
}

describe('the case journal', () => {
  it('records tags, comments, stars, a question and its conclusion, with the import that came first', async () => {
    const { store } = await annotatedCase();
    const entries = await journal(store);
    expect(entries.map((e) => e.kind)).toEqual(['import', 'tag', 'tag', 'comment', 'star', 'question', 'conclusion']);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const tag = entries[1];
    expect(tag).toMatchObject({ analyst: 'Ada Investigator', body: { name: 'suspicious', note: 'off hours' } });
    expect(tag.events.map((e) => e.seq)).toEqual([2, 4]);
    expect(tag.events[0].leaf).toMatch(/^[0-9a-f]{64}$/);
    expect(tag.eventsCheckpoint?.size).toBe(5);
    expect(entries[6].body).toMatchObject({ question: entries[5].id, text: 'mallory did, at 09:07' });
    expect(entries[0].body).toMatchObject({ appended: 5, firstSeq: 1, lastSeq: 5 });
  });

  it('filters query and export by --tag, --starred and --commented', async () => {
    const { store, dir } = await annotatedCase();
    const seqs = async (...f: string[]) => {
      const run = await cli('query', '--store', store, '--json', ...f);
      return (JSON.parse(run.out) as { rows: { seq: number }[] }).rows.map((r) => r.seq);
    };
    expect(await seqs('--tag', 'suspicious')).toEqual([2, 4]);
    expect(await seqs('--tag', 'suspicious', '--tag', 'exfiltration')).toEqual([4]);
    expect(await seqs('--starred')).toEqual([4]);
    expect(await seqs('--commented')).toEqual([4]);
    expect((await cli('untag', '--store', store, '--event', 'seq:2', '--tag', 'suspicious')).code).toBe(0);
    expect(await seqs('--tag', 'suspicious')).toEqual([4]);
    expect((await cli('unstar', '--store', store, '--event', 'seq:4')).code).toBe(0);
    expect(await seqs('--starred')).toEqual([]);
    const out = path.join(dir, 'tagged.ndjson');
    const exp = await cli('export', '--store', store, '--format', 'ndjson', '--out', out, '--tag', 'exfiltration');
    expect(exp.code, exp.err).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1);
    // The export itself is on the record, with its manifest's hash.
    const last = (await journal(store)).at(-1);
    expect(last).toMatchObject({ kind: 'export', body: { rows: 1, format: 'ndjson' } });
    expect(last?.body.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('corrects by new entries: a retracted comment no longer counts, an amended one shows its new text', async () => {
    const { store } = await annotatedCase();
    const comment = (await journal(store)).find((e) => e.kind === 'comment') as JournalEntryView;
    const amend = await cli(
      'note',
      '--store',
      store,
      '--kind',
      'amend',
      '--entry',
      comment.id,
      '--text',
      'Exported by mallory',
    );
    expect(amend.code, amend.err).toBe(0);
    let entries = await journal(store);
    expect(entries.find((e) => e.id === comment.id)?.amendedBy.map((a) => a.text)).toEqual(['Exported by mallory']);
    expect(
      (await cli('note', '--store', store, '--kind', 'retract', '--entry', comment.id, '--text', 'wrong event')).code,
    ).toBe(0);
    entries = await journal(store);
    expect(entries.find((e) => e.id === comment.id)?.retractedBy).toBe(entries.at(-1)?.id);
    const q = await cli('query', '--store', store, '--json', '--commented');
    expect(JSON.parse(q.out).rows).toEqual([]);
    const bad = await cli(
      'note',
      '--store',
      store,
      '--kind',
      'retract',
      '--entry',
      '00000000-0000-4000-8000-000000000000',
    );
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/no journal entry 00000000-/) });
    const notQuestion = await cli(
      'note',
      '--store',
      store,
      '--kind',
      'conclusion',
      '--question',
      comment.id,
      '--text',
      'x',
    );
    expect(notQuestion.err).toMatch(/answers a question; entry .* is a comment/);
  });

  it('survives a round trip: the case file copied to another installation verifies with its journal', async () => {
    const { store, home } = await annotatedCase();
    const ownKey = loadOrCreateSigningKey(home).verifierKey;
    const elsewhere = tempDir();
    const copy = path.join(elsewhere, 'received.sqlite');
    fs.copyFileSync(store, copy);
    process.env.SIGNTRAIL_HOME = path.join(elsewhere, 'home');
    // Without the sender's key pinned, the journal's checkpoints are signed by an unknown key.
    const unpinned = await verify(copy);
    expect(unpinned.code).toBe(1);
    expect(unpinned.report.findings.some((f) => f.kind === 'UNTRUSTED_KEY' && f.log === 'journal')).toBe(true);
    const pinned = await verify(copy, '--trusted-key', ownKey);
    expect(pinned.code, JSON.stringify(pinned.report.findings)).toBe(0);
    // The unpinned verify above is on the record too: signed by this installation's key, which it trusts.
    expect(pinned.report).toMatchObject({ ok: true, journalEntriesChecked: 8, firstBadJournalSeq: null });
    const entries = await journal(copy);
    expect(entries.filter((e) => e.kind !== 'verify').map((e) => e.kind)).toEqual([
      'import',
      'tag',
      'tag',
      'comment',
      'star',
      'question',
      'conclusion',
    ]);
    // Each verify is itself on the record, with its verdict.
    expect(entries.filter((e) => e.kind === 'verify').map((e) => e.body.ok)).toEqual([false, true]);
  });

  describe('finds a tampered journal entry at its exact position', () => {
    /**
     * Edits the journal as a careful attacker would: drops the append-only triggers, edits, then puts
     * them back as the migration wrote them, so the schema check (a SCHEMA finding) does not give it
     * away and only the journal's own hashes can.
     */
    function behindTheTriggers(db: Database.Database, triggers: string[], edit: () => void): void {
      const saved = triggers.map(
        (name) =>
          db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(name) as string,
      );
      for (const name of triggers) db.exec(`DROP TRIGGER ${name}`);
      edit();
      for (const sql of saved) db.exec(sql);
    }

    async function tampered(edit: (db: Database.Database) => void) {
      const { store } = await annotatedCase();
      const db = new Database(store);
      behindTheTriggers(db, ['journal_no_update', 'journal_no_delete', 'journal_events_no_delete'], () => edit(db));
      db.close();
      const { code, report } = await verify(store);
      expect(code).toBe(1);
      return report.findings.filter((f) => f.log === 'journal' || f.message.includes('journal'));
    }

    it('a changed byte of entry 4 is MODIFIED at 4, and the journal root no longer matches', async () => {
      const findings = await tampered((db) => {
        const canon = db.prepare('SELECT canon FROM journal WHERE seq = 4').pluck().get() as Buffer;
        db.prepare('UPDATE journal SET canon = ? WHERE seq = 4').run(
          Buffer.from(canon.toString().replace('contractor', 'contractoR')),
        );
      });
      expect(findings[0]).toMatchObject({ kind: 'MODIFIED', seq: 4, log: 'journal' });
      expect(findings.filter((f) => f.kind === 'MODIFIED').map((f) => f.seq)).toEqual([4]);
    });

    it('entry 3 edited to cite event 4 with another leaf is a finding of the journal at 3, never the events', async () => {
      const { store } = await annotatedCase();
      const db = new Database(store);
      behindTheTriggers(db, ['journal_no_update'], () => {
        const canon = (db.prepare('SELECT canon FROM journal WHERE seq = 3').pluck().get() as Buffer).toString();
        const entry = JSON.parse(canon) as { events: { seq: number; leaf: string }[] };
        expect(entry.events.map((e) => e.seq)).toEqual([4]);
        // Still canonical, still a valid entry; only its bytes no longer hash to its (sealed) leaf.
        db.prepare('UPDATE journal SET canon = ? WHERE seq = 3').run(
          Buffer.from(canon.replace(entry.events[0].leaf, '0'.repeat(64))),
        );
      });
      db.close();
      const { code, report } = await verify(store);
      expect(code).toBe(1);
      // Before, event 4 was reported MODIFIED ("not the event journal entry 3 cites") though untouched.
      expect(report.findings.filter((f) => f.log !== 'journal')).toEqual([]);
      expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'MODIFIED', seq: 3, log: 'journal' }));
    });

    it('a re-hashed entry 3 (leaf and chain recomputed) breaks the chain at 3 and forks its checkpoints', async () => {
      const { leafHash } = await import('../../electron/integrity/hash');
      const findings = await tampered((db) => {
        const canon = Buffer.from(
          (db.prepare('SELECT canon FROM journal WHERE seq = 3').pluck().get() as Buffer)
            .toString()
            .replace('exfiltration', 'benign'),
        );
        db.prepare("UPDATE journal SET canon = ?, leaf = ?, tag = 'benign' WHERE seq = 3").run(canon, leafHash(canon));
      });
      const kinds = findings.map((f) => `${f.kind}@${f.seq}`);
      expect(kinds).toContain('INSERTED@3');
      expect(kinds.some((k) => k.startsWith('FORKED'))).toBe(true);
    });

    it('a deleted entry 5 is DELETED at 5', async () => {
      const findings = await tampered((db) => {
        db.prepare('DELETE FROM journal_events WHERE entry_seq = 5').run();
        db.prepare('DELETE FROM journal WHERE seq = 5').run();
      });
      expect(findings[0]).toMatchObject({ kind: 'DELETED', seq: 5, log: 'journal' });
    });

    it('an edited tag column of entry 2 is MODIFIED at 2', async () => {
      const findings = await tampered((db) => db.prepare("UPDATE journal SET tag = 'benign' WHERE seq = 2").run());
      expect(findings).toEqual([expect.objectContaining({ kind: 'MODIFIED', seq: 2, log: 'journal' })]);
    });

    it('an entry appended without the key is unsealed, never intact, and SignTrail signs nothing over it', async () => {
      const { store } = await annotatedCase();
      const { chainHash, leafHash } = await import('../../electron/integrity/hash');
      const { canonicalize } = await import('../../shared/canonical');
      const { deriveJournalColumns } = await import('../../electron/store/journal');
      const db = new Database(store);
      const last = db.prepare('SELECT seq, canon, chain FROM journal ORDER BY seq DESC LIMIT 1').get() as {
        seq: number;
        canon: Buffer;
        chain: Buffer;
      };
      const checkpoints = db.prepare('SELECT count(*) FROM journal_checkpoints').pluck().get();
      // A well-formed entry with a valid leaf and chain, as anyone holding the file can write one.
      const forged = { ...JSON.parse(last.canon.toString('utf8')), id: '00000000-0000-4000-8000-000000000000' };
      const canon = Buffer.from(canonicalize(forged), 'utf8');
      const leaf = leafHash(canon);
      const { tag, refers } = deriveJournalColumns(forged);
      db.prepare(
        'INSERT INTO journal (seq, canon, leaf, chain, entry_id, time, analyst, kind, tag, refers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        last.seq + 1,
        canon,
        leaf,
        chainHash(last.chain, leaf),
        forged.id,
        forged.time,
        forged.analyst,
        forged.kind,
        tag,
        refers,
      );
      for (const e of forged.events as { seq: number }[])
        db.prepare('INSERT INTO journal_events (event_seq, entry_seq) VALUES (?, ?)').run(e.seq, last.seq + 1);
      db.close();

      const first = await verify(store);
      expect(first.code).toBe(1);
      expect(first.report.findings.filter((f) => f.kind !== 'UNSEALED_TAIL')).toEqual([]);
      expect(first.report.verdict).toBe('unsealed');
      expect(first.report.journalUnsealed).toBe(1);
      // Neither the verify run nor a new entry signs a journal checkpoint over the forged row.
      const star = await cli('star', '--store', store, '--event', 'seq:1');
      expect(star.code).toBe(2);
      expect(star.err).toMatch(/entries after its last checkpoint .* that SignTrail did not write/);
      const again = await verify(store);
      expect(again.report.verdict).toBe('unsealed');
      const check = new Database(store);
      expect(check.prepare('SELECT count(*) FROM journal_checkpoints').pluck().get()).toBe(checkpoints);
      check.close();
    });

    /** Appends the last entry again, changed by `change`, with a valid leaf and chain and no signature. */
    async function appendUnsigned(store: string, change: (entry: Record<string, unknown>, events: number) => void) {
      const { chainHash, leafHash } = await import('../../electron/integrity/hash');
      const { canonicalize } = await import('../../shared/canonical');
      const db = new Database(store);
      const last = db.prepare('SELECT seq, canon, chain FROM journal ORDER BY seq DESC LIMIT 1').get() as {
        seq: number;
        canon: Buffer;
        chain: Buffer;
      };
      const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      const crafted = { ...JSON.parse(last.canon.toString('utf8')), id: '00000000-0000-4000-8000-000000000001' };
      change(crafted, events);
      const canon = Buffer.from(canonicalize(crafted), 'utf8');
      const leaf = leafHash(canon);
      db.prepare(
        'INSERT INTO journal (seq, canon, leaf, chain, entry_id, time, analyst, kind, tag, refers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)',
      ).run(
        last.seq + 1,
        canon,
        leaf,
        chainHash(last.chain, leaf),
        crafted.id,
        crafted.time,
        crafted.analyst,
        crafted.kind,
      );
      db.close();
      return last.seq + 1;
    }

    it('a schema-invalid row with a false events pin is blamed on the journal at its position, never on the events', async () => {
      const { store } = await annotatedCase();
      // Valid leaf and chain, a pin on the events' root at a real size, and a kind no schema knows:
      // before the fix, the pin was read anyway and the events were reported FORKED (log unset).
      const seq = await appendUnsigned(store, (entry, events) => {
        entry.kind = 'not-a-kind';
        entry.eventsCheckpoint = { size: events, root: Buffer.alloc(32, 7).toString('base64') };
      });

      const { code, report } = await verify(store);
      expect(code).toBe(1);
      expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'MODIFIED', seq, log: 'journal' }));
      expect(report.findings.find((f) => f.message.includes('is not a valid journal entry'))?.seq).toBe(seq);
      // Nothing is said against the events: no finding without log "journal", no FORKED at all.
      expect(report.findings.filter((f) => f.log !== 'journal')).toEqual([]);
      expect(report.findings.filter((f) => f.kind === 'FORKED')).toEqual([]);
    });

    it('a valid but unsigned entry with a false events pin is a claim against the journal, never the events', async () => {
      const { store } = await annotatedCase();
      // A well-formed entry nobody signed, claiming the events' root was something else: before,
      // the events were reported FORKED at seq 1 on the word of an entry anyone could have written.
      const seq = await appendUnsigned(store, (entry, events) => {
        entry.eventsCheckpoint = { size: events, root: Buffer.alloc(32, 7).toString('base64') };
      });

      const { code, report } = await verify(store);
      expect(code).toBe(1);
      expect(report.findings.filter((f) => f.log !== 'journal')).toEqual([]);
      const claim = report.findings.find((f) => f.kind === 'FORKED');
      expect(claim).toMatchObject({ seq, log: 'journal' });
      expect(claim?.message).toMatch(/not sealed by any trusted journal checkpoint/);
      expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'UNSEALED_TAIL', seq, log: 'journal' }));
    });

    it('a journal emptied with its checkpoints is TRUNCATED here, never intact, and takes no new entry', async () => {
      const { store } = await annotatedCase();
      const entries = (await journal(store)).length;
      const db = new Database(store);
      behindTheTriggers(db, ['journal_no_delete', 'journal_events_no_delete', 'journal_checkpoints_no_delete'], () =>
        db.exec('DELETE FROM journal_events; DELETE FROM journal; DELETE FROM journal_checkpoints;'),
      );
      db.close();
      // Before, every tag, comment and conclusion was gone and verify said INTACT, exit 0.
      const { code, report } = await verify(store);
      expect(code).toBe(1);
      expect(report.verdict).toBe('broken');
      expect(report.findings).toEqual([expect.objectContaining({ kind: 'TRUNCATED', seq: 1, log: 'journal' })]);
      expect(report.findings[0].message).toMatch(
        new RegExp(`^Journal: The journal holds 0 entries, but this installation witnessed ${entries} entries`),
      );
      // Nothing is signed over the emptied journal: not a new entry, not verify's own record.
      const star = await cli('star', '--store', store, '--event', 'seq:1');
      expect(star.code).toBe(2);
      expect(star.err).toMatch(/no longer holds the \d+ entries this installation witnessed/);
      const check = new Database(store);
      expect(check.prepare('SELECT count(*) FROM journal_checkpoints').pluck().get()).toBe(0);
      expect(check.prepare('SELECT count(*) FROM journal').pluck().get()).toBe(0);
      check.close();
    });

    it('a journal that fails verification takes no new entry', async () => {
      const { store } = await annotatedCase();
      const db = new Database(store);
      behindTheTriggers(db, ['journal_no_delete'], () => db.prepare('DELETE FROM journal WHERE seq = 7').run());
      db.close();
      const run = await cli('star', '--store', store, '--event', 'seq:1');
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/journal no longer matches its last checkpoint/);
    });
  });
});

describe('text from the case file printed by the command line', () => {
  it('cannot add lines or terminal escapes to verify or journal output', async () => {
    const { oneLine } = await import('../../electron/cli/print');
    expect(oneLine('x\nINTACT: all good.\u001b[8m')).toBe('x\\u000aINTACT: all good.\\u001b[8m');
    const c = await importedCase();
    const forged = 'benign\n9\t2026-03-03T00:00:00.000000Z\tBob\tretract\tfake line\u001b[31m';
    expect((await cli('comment', '--store', c.store, '--event', 'seq:1', '--text', forged)).code).toBe(0);
    const printed = await cli('journal', '--store', c.store);
    expect(printed.out).not.toMatch(/^9\t/m);
    expect(printed.out).not.toContain('\u001b');
    expect(printed.out).toContain('benign\\u000a9\\u00092026-03-03');
  });
});
