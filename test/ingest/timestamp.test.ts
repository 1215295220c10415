import { describe, expect, it } from 'vitest';
import { normalizeTimestamp } from '../../electron/ingest/timestamp';
import { findZone } from '../../electron/ingest/timeZone';
import { readAll, refusal, tempFolder } from './helpers';

const write = tempFolder();

function read(value: unknown, zoneName = 'UTC'): { text: string; assumed: boolean } {
  let assumed = false;
  const zone = findZone(zoneName);
  if (!zone) throw new Error(zoneName);
  const text = normalizeTimestamp(value, { zone, onZoneAssumed: () => (assumed = true) });
  return { text, assumed };
}

describe('timestamps', () => {
  it.each([
    ['2026-01-31T09:00:00Z', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-31T09:00:00.5Z', '2026-01-31T09:00:00.500000Z'],
    ['2026-01-31T09:00:00.123456Z', '2026-01-31T09:00:00.123456Z'],
    ['2026-01-31t09:00:00.123z', '2026-01-31T09:00:00.123000Z'],
    ['2026-01-31 09:00:00Z', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-31T09:00Z', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-31T09:00:00,25Z', '2026-01-31T09:00:00.250000Z'],
    ['2026-01-31 09:00:00 UTC', '2026-01-31T09:00:00.000000Z'],
  ])('reads UTC form %s', (input, expected) => {
    expect(read(input)).toEqual({ text: expected, assumed: false });
  });

  it.each([
    ['2026-01-31T10:30:00+01:30', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-31T04:00:00-05:00', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-31T18:00:00+0900', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-31T11:00:00+02', '2026-01-31T09:00:00.000000Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000000Z'],
    ['2024-03-01T00:00:00+00:01', '2024-02-29T23:59:00.000000Z'],
  ])('applies the offset of %s', (input, expected) => {
    expect(read(input).text).toBe(expected);
  });

  it('truncates fractions beyond microseconds instead of rounding', () => {
    expect(read('2026-01-31T09:00:00.1234569999Z').text).toBe('2026-01-31T09:00:00.123456Z');
    expect(read('2026-01-31T09:00:00.9999999+00:00').text).toBe('2026-01-31T09:00:00.999999Z');
  });

  it.each([
    ['1769850000', '2026-01-31T09:00:00.000000Z'],
    ['1769850000.25', '2026-01-31T09:00:00.250000Z'],
    ['1769850000123', '2026-01-31T09:00:00.123000Z'],
    ['1769850000123456', '2026-01-31T09:00:00.123456Z'],
    [1769850000, '2026-01-31T09:00:00.000000Z'],
    [1769850000123, '2026-01-31T09:00:00.123000Z'],
    ['0', '1970-01-01T00:00:00.000000Z'],
  ])('reads epoch %s by its size (seconds, milliseconds, microseconds)', (input, expected) => {
    expect(read(input)).toEqual({ text: expected, assumed: false });
  });

  it('reads a zone-less time in the assumed zone, with daylight saving', () => {
    expect(read('2026-01-31T10:00:00', 'Europe/Berlin')).toEqual({
      text: '2026-01-31T09:00:00.000000Z',
      assumed: true,
    });
    expect(read('2026-07-31 11:00:00.5', 'Europe/Berlin').text).toBe('2026-07-31T09:00:00.500000Z');
    expect(read('2026-01-31T04:00:00', 'America/New_York').text).toBe('2026-01-31T09:00:00.000000Z');
    expect(read('2026-01-31T09:00:00')).toEqual({ text: '2026-01-31T09:00:00.000000Z', assumed: true });
  });

  it('resolves DST gaps forward and repeated hours to the earlier instant', () => {
    // Berlin: 2026-03-29 02:00 → 03:00 (gap); 2026-10-25 03:00 → 02:00 (02:xx happens twice).
    expect(read('2026-03-29T02:30:00', 'Europe/Berlin').text).toBe('2026-03-29T01:30:00.000000Z');
    expect(read('2026-10-25T02:30:00', 'Europe/Berlin').text).toBe('2026-10-25T00:30:00.000000Z');
  });

  it.each([
    'yesterday',
    '2026-02-30T09:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-31T24:00:00Z',
    '2026-01-31',
    '-5',
    '',
    '1e21',
    '2026-01-31T09:00:00+25:00',
  ])('refuses %j', (input) => {
    expect(() => read(input)).toThrow(/date-time|offset|range/);
  });

  it('refuses an epoch too large for any unit', () => {
    expect(() => read('123456789012345678')).toThrow(/too large/);
  });

  it('reports the assumed zone for the file, and none when every time had a zone', async () => {
    const rows = (t: string) => `Timestamp,Actor,Action,Entity,Status\n${t},a,X,K:1,SUCCESS\n`;
    const zoned = await readAll(write('zoned.csv', rows('2026-01-31T09:00:00Z')), { assumeTz: 'Asia/Tokyo' });
    expect(zoned.stats.assumedTimeZone).toBeNull();
    const bare = await readAll(write('bare.csv', rows('2026-01-31 18:00:00')), { assumeTz: 'Asia/Tokyo' });
    expect(bare.stats.assumedTimeZone).toBe('Asia/Tokyo');
    expect(bare.events[0].record.timestamp).toBe('2026-01-31T09:00:00.000000Z');
    const utc = await readAll(write('bare-utc.csv', rows('2026-01-31 18:00:00')));
    expect(utc.stats.assumedTimeZone).toBe('UTC');
  });

  it('refuses an unknown zone name before reading any row', async () => {
    const err = await refusal(write('z.csv', 'Timestamp,Actor,Action,Entity,Status\n'), { assumeTz: 'Mars/Olympus' });
    expect(err.message).toBe(
      'z.csv: the time zone "Mars/Olympus" is not an IANA time zone name; use a name such as UTC, Europe/Berlin or America/New_York',
    );
  });

  it('names the file, line and field of a bad time', async () => {
    const err = await refusal(
      write(
        'events.csv',
        `Timestamp,Actor,Action,Entity,Status\n2026-01-31T09:00:00Z,a,X,K:1,SUCCESS\nyesterday,a,X,K:1,SUCCESS\n`,
      ),
    );
    expect(err.message).toBe(
      'events.csv line 3, field "Timestamp": "yesterday" is not a date-time (ISO 8601, RFC 3339 or epoch seconds/ms)',
    );
    expect([err.file, err.line, err.field]).toEqual(['events.csv', 3, 'Timestamp']);
  });
});
