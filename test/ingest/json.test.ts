import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../electron/ingest/limits';
import { JsonEventScanner } from '../../electron/ingest/jsonScanner';
import { readAll, refusal, tempFolder } from './helpers';

const write = tempFolder();

const A = {
  id: 'e-1',
  timestamp: '2026-01-31T09:00:00Z',
  actor: 'alice',
  action: 'KEY_GENERATED',
  entity: 'Key:k1',
  status: 'SUCCESS',
};
const B = { ...A, id: 'e-2', details: { note: 'has ] and } and \\" inside', list: [1, { x: '[' }] } };

function scanInChunks(text: string, size: number): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const scanner = new JsonEventScanner('t.json', DEFAULT_LIMITS);
  const on = (t: string, line: number) => out.push({ text: t, line });
  for (let i = 0; i < text.length; i += size) scanner.push(text.slice(i, i + size), on);
  scanner.end(on);
  return out;
}

describe('JSON and NDJSON', () => {
  it('reads a JSON array of events, with the line each starts on', async () => {
    const { events, format } = await readAll(write('arr.json', JSON.stringify([A, B], null, 2)));
    expect(format).toBe('json');
    expect(events.map((e) => e.record.id)).toEqual(['e-1', 'e-2']);
    expect(events.map((e) => e.line)).toEqual([2, 10]);
    expect(events[1].record.details).toEqual(B.details);
  });

  it('reads an object with an events array and skips its other members', async () => {
    const doc = { nextCursor: 'abc', meta: { count: [2] }, events: [A, B], total: 2 };
    const { events, format } = await readAll(write('obj.json', JSON.stringify(doc)));
    expect(format).toBe('json');
    expect(events.map((e) => e.record.id)).toEqual(['e-1', 'e-2']);
  });

  it('reads an object whose events member is not the first one', async () => {
    const { events } = await readAll(write('late.json', '{\n "count": 1,\n "events": [\n' + JSON.stringify(A) + ']}'));
    expect(events.map((e) => e.line)).toEqual([4]);
  });

  it('finds the same elements whatever the chunk boundaries', () => {
    const text = '{"x": "a\\"]", "events": [\n {"a": "}\\\\"},\n{"b": [1, {"c": "\\""}]}\n], "y": null}';
    const whole = scanInChunks(text, text.length);
    expect(whole).toEqual([
      { text: '{"a": "}\\\\"}', line: 2 },
      { text: '{"b": [1, {"c": "\\""}]}', line: 3 },
    ]);
    for (let size = 1; size < text.length; size++) expect(scanInChunks(text, size)).toEqual(whole);
  });

  it('reads NDJSON, one object per line, skipping blank lines', async () => {
    const text = JSON.stringify(A) + '\n\n  \r\n' + JSON.stringify(B) + '\r\n';
    const { events, format } = await readAll(write('e.ndjson', text));
    expect(format).toBe('ndjson');
    expect(events.map((e) => e.line)).toEqual([1, 4]);
  });

  it('refuses an array element that is not an object', async () => {
    const err = await refusal(write('scalar.json', '[\n' + JSON.stringify(A) + ',\n 42]'));
    expect(err.line).toBe(3);
    expect(err.message).toContain('must be a JSON object');
  });

  it('refuses a truncated JSON document', async () => {
    const err = await refusal(write('cut.json', '[' + JSON.stringify(A) + ',\n{"id": "e-2", "timest'));
    expect(err.message).toMatch(/the event that starts on line 2 is cut off/);
  });

  it('refuses a trailing comma and text after the document', async () => {
    expect((await refusal(write('trail.json', '[' + JSON.stringify(A) + ',]'))).message).toContain('trailing comma');
    expect((await refusal(write('after.json', '[' + JSON.stringify(A) + ']\nx'))).message).toContain('after the end');
  });

  it('refuses a top-level member name that is not a valid JSON string', async () => {
    const err = await refusal(write('badkey.json', '{"a\\x": 1, "events": []}'));
    expect(err.message).toContain('is not a valid JSON string');
  });

  it('refuses an object without an events array', async () => {
    const err = await refusal(write('noevents.json', '{\n"items": [' + JSON.stringify(A) + ']}'));
    expect(err.message).toContain('no "events" array');
  });

  it('refuses an NDJSON line that is not JSON, naming the line', async () => {
    const err = await refusal(write('bad.ndjson', JSON.stringify(A) + '\n{"id": oops}\n'));
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/^bad\.ndjson line 2: the event is not valid JSON/);
  });
});

describe('JSON and NDJSON are read without silent changes', () => {
  const withDetails = (details: string) => JSON.stringify(A).slice(0, -1) + `,"details":${details}}`;
  const BIG = 'cannot be represented exactly (integers beyond ±2^53); quote it as a string';

  it('refuses an NDJSON ID beyond 2^53 instead of rounding it into a duplicate', async () => {
    const { id: _id, ...rest } = A;
    void _id;
    const text = ['9007199254740993', '9007199254740992'].map((id) => `{"id":${id},${JSON.stringify(rest).slice(1)}`);
    const err = await refusal(write('bigid.ndjson', text.join('\n') + '\n'));
    expect(err.message).toBe(`bigid.ndjson line 1, field "id": the number 9007199254740993 ${BIG}`);
  });

  it('refuses a large integer in details, in NDJSON and in a JSON array, naming line and member', async () => {
    const big = '{"n":12345678901234567891}';
    const nd = await refusal(write('bign.ndjson', JSON.stringify(A) + '\n' + withDetails(big) + '\n'));
    expect(nd.message).toBe(`bign.ndjson line 2, field "details.n": the number 12345678901234567891 ${BIG}`);
    const arr = await refusal(write('bign.json', '[\n' + JSON.stringify(A) + ',\n' + withDetails(big) + '\n]'));
    expect(arr.message).toBe(`bign.json line 3, field "details.n": the number 12345678901234567891 ${BIG}`);
  });

  it('refuses a member name given twice, in NDJSON and in a JSON array', async () => {
    const nd = await refusal(write('dup.ndjson', withDetails('{"a":1,"a":2}') + '\n'));
    expect(nd.message).toBe('dup.ndjson line 1, field "details.a": member "a" appears twice');
    const top = await refusal(write('dupid.ndjson', JSON.stringify(A).slice(0, -1) + ',"id":"e-9"}\n'));
    expect(top.message).toBe('dupid.ndjson line 1, field "id": member "id" appears twice');
    const arr = await refusal(write('dup.json', '{"events": [\n' + withDetails('{"x":[{"a":1,"a":2}]}') + ']}'));
    expect(arr.message).toBe('dup.json line 2, field "details.x[0].a": member "a" appears twice');
  });

  it('refuses a number beyond the double range with file, line and field (not a JCS crash)', async () => {
    const nd = await refusal(write('inf.ndjson', JSON.stringify(A) + '\n' + withDetails('{"y":1e400}') + '\n'));
    expect(nd.message).toMatch(/^inf\.ndjson line 2, field "details\.y": the number 1e400 is beyond the range/);
    const arr = await refusal(write('inf.json', '[' + withDetails('{"y":-1e400}') + ']'));
    expect(arr.message).toMatch(/^inf\.json line 1, field "details\.y": the number -1e400 is beyond the range/);
  });

  it('refuses details given as JSON text that hides the same problems', async () => {
    const err = await refusal(write('dtext.ndjson', withDetails(JSON.stringify('{"y":1e400}')) + '\n'));
    expect(err.message).toMatch(/^dtext\.ndjson line 1, field "details": the number 1e400 is beyond the range/);
  });

  it('keeps safe integers, floats, and colons or escapes inside strings exactly as before', async () => {
    const details = {
      max: Number.MAX_SAFE_INTEGER,
      min: -Number.MAX_SAFE_INTEGER,
      ratio: 0.1,
      huge: 1.5e300,
      text: 'a:"b":1e400 \\ 12345678901234567891',
      list: [1, { nested: 'x' }],
    };
    const line = withDetails(JSON.stringify(details));
    const { events } = await readAll(write('fine.ndjson', line + '\n' + line.replace('"e-1"', '"e-2"') + '\n'));
    expect(events.map((e) => e.record.details)).toEqual([details, details]);
    const arr = await readAll(write('fine.json', `[${line}]`));
    expect(arr.events[0].record.details).toEqual(details);
  });
});

describe('numeric event IDs', () => {
  it('keeps whole-number IDs and refuses others, which could collapse into one ID', async () => {
    const rest = JSON.stringify({ ...A, id: undefined }).slice(1);
    const { events } = await readAll(write('numid.ndjson', `{"id":42,${rest}\n`));
    expect(events[0].record.id).toBe('42');
    for (const id of ['1e21', '-0', '1.5']) {
      const err = await refusal(write('numid.ndjson', `{"id":7,${rest}\n{"id":${id},${rest}\n`));
      expect(err.message).toMatch(
        /^numid\.ndjson line 2, field "id": a numeric ID must be a whole number within ±2\^53, and not -0/,
      );
    }
  });
});
