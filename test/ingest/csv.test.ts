import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../electron/ingest/limits';
import { CsvParser } from '../../electron/ingest/csvParser';
import { GOOD_ROW, platformCsv, readAll, refusal, tempFolder } from './helpers';

const write = tempFolder();

function parseInChunks(text: string, size: number): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const parser = new CsvParser('t.csv', DEFAULT_LIMITS);
  const on = (fields: string[], line: number) => out.push({ fields, line });
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), on);
  parser.end(on);
  return out;
}

describe('CSV (RFC 4180)', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks', async () => {
    const file = write(
      'quoted.csv',
      platformCsv(
        '2026-01-31T09:00:00Z,"doe, jane",KEY_GENERATED,Key:key-42,SUCCESS,"{""note"":""a \\""quoted\\"" word""}"',
        '2026-01-31T09:00:01Z,bob,KEY_GENERATED,"Key:key,43",SUCCESS,"comment=two\nlines; size=1"',
        GOOD_ROW,
      ),
    );
    const { events } = await readAll(file);
    expect(events[0].record.actor.id).toBe('doe, jane');
    expect(events[0].record.details).toEqual({ note: 'a "quoted" word' });
    expect(events[1].record.entity).toEqual({ type: 'Key', id: 'key,43' });
    expect(events[1].record.details).toEqual({ comment: 'two\nlines', size: '1' });
    expect(events.map((e) => e.line)).toEqual([2, 3, 5]);
  });

  it('accepts CRLF and LF line ends, with or without a final line break', async () => {
    const crlf = await readAll(write('crlf.csv', platformCsv(GOOD_ROW, GOOD_ROW).replace(/\n/g, '\r\n')));
    const noFinal = await readAll(write('nofinal.csv', platformCsv(GOOD_ROW, GOOD_ROW).trimEnd()));
    expect(crlf.events.map((e) => e.record)).toEqual(noFinal.events.map((e) => e.record));
    expect(crlf.events[1].record.details).toEqual({});
    expect(crlf.events.map((e) => e.line)).toEqual([2, 3]);
  });

  it('accepts UTF-8 with a BOM and reads non-ASCII text', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(platformCsv(GOOD_ROW.replace('alice', 'zoë')))]);
    const { events, format } = await readAll(write('bom.csv', bom));
    expect(format).toBe('csv');
    expect(events[0].record.actor.id).toBe('zoë@example.com');
  });

  it('skips blank lines but counts them in line numbers', async () => {
    const { events } = await readAll(write('blank.csv', platformCsv('', GOOD_ROW, '', GOOD_ROW)));
    expect(events.map((e) => e.line)).toEqual([3, 5]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'a,b,c\r\n"x\r\ny","q""q",\r\n1,,"3"\n"",z,"e,f"';
    const whole = parseInChunks(text, text.length);
    expect(whole).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x\r\ny', 'q"q', ''], line: 2 },
      { fields: ['1', '', '3'], line: 4 },
      { fields: ['', 'z', 'e,f'], line: 5 },
    ]);
    for (let size = 1; size < text.length; size++) expect(parseInChunks(text, size)).toEqual(whole);
  });

  it('keeps a bare quote inside an unquoted field as text', async () => {
    const { events } = await readAll(write('bare.csv', platformCsv(GOOD_ROW.replace('alice', 'al"ice'))));
    expect(events[0].record.actor.id).toBe('al"ice@example.com');
  });

  it('refuses an unbalanced quote, naming the line where the field starts', async () => {
    const err = await refusal(
      write('open.csv', platformCsv(GOOD_ROW, '2026-01-31T09:00:00Z,"bob,KEY_GENERATED,Key:k,SUCCESS,{}', GOOD_ROW)),
    );
    expect(err.line).toBe(3);
    expect(err.message).toMatch(
      /^open\.csv line 3: the quoted field in column 2 \("Actor"\) is never closed \(unbalanced quote\)/,
    );
  });

  it('refuses text after a closing quote', async () => {
    const err = await refusal(
      write('after.csv', platformCsv('2026-01-31T09:00:00Z,"bob"x,KEY_GENERATED,Key:k,SUCCESS,{}')),
    );
    expect(err.line).toBe(2);
    expect(err.message).toContain('unexpected text after the closing quote');
  });

  it('refuses a row whose field count differs from the header', async () => {
    const err = await refusal(write('count.csv', platformCsv(GOOD_ROW, GOOD_ROW + ',extra')));
    expect(err.line).toBe(3);
    expect(err.message).toContain('the row has 7 fields but the header has 6 columns');
  });

  it('refuses a header that lacks a required column, naming what is missing', async () => {
    const err = await refusal(write('nostatus.csv', 'Timestamp,Actor,Action,Entity\n2026-01-31T09:00:00Z,a,X,K:1\n'));
    expect(err.line).toBe(1);
    expect(err.message).toContain('the header has no column for status');
  });

  it('refuses two columns that feed the same member', async () => {
    const err = await refusal(write('twice.csv', 'Timestamp,Time,Actor,Action,Entity,Status\n'));
    expect(err.line).toBe(1);
    expect(err.field).toBe('Time');
    expect(err.message).toContain('both give the same thing');
  });

  it('reads a header-only CSV as zero events', async () => {
    const { events } = await readAll(write('headeronly.csv', 'Timestamp,Actor,Action,Entity,Status\n'));
    expect(events).toEqual([]);
  });
});

describe('CSV Details cells holding JSON are read without silent changes', () => {
  const row = (details: string) =>
    `2026-01-31T09:00:00Z,alice,KEY_GENERATED,Key:k1,SUCCESS,"${details.replace(/"/g, '""')}"`;

  it('refuses a large integer in a Details cell, saying where inside it is', async () => {
    const err = await refusal(write('bign.csv', platformCsv(GOOD_ROW, row('{"x":{"n":12345678901234567891}}'))));
    expect(err.message).toBe(
      'bign.csv line 3, field "Details": the number 12345678901234567891 cannot be represented exactly ' +
        '(integers beyond ±2^53); quote it as a string (at x.n)',
    );
  });

  it('refuses a member name given twice in a Details cell', async () => {
    const err = await refusal(write('dup.csv', platformCsv(row('{"a":1,"a":2}'))));
    expect(err.message).toBe('dup.csv line 2, field "Details": member "a" appears twice');
  });

  it('refuses a number beyond the double range in a Details cell', async () => {
    const err = await refusal(write('inf.csv', platformCsv(GOOD_ROW, GOOD_ROW, row('{"y":1e400}'))));
    expect(err.message).toMatch(/^inf\.csv line 4, field "Details": the number 1e400 is beyond the range .* \(at y\)$/);
  });

  it('still reads Details with safe integers, floats and colons in strings', async () => {
    const details = { n: Number.MAX_SAFE_INTEGER, f: 0.25, t: '09:00:00 "q"' };
    const { events } = await readAll(write('fine.csv', platformCsv(row(JSON.stringify(details)))));
    expect(events[0].record.details).toEqual(details);
  });
});
