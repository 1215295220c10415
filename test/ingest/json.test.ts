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
