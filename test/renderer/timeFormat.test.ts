import { describe, expect, it } from 'vitest';
import {
  formatBucketLabel,
  formatCount,
  formatTimestamp,
  inputToInstant,
  instantToInput,
} from '../../renderer/src/time/format';
import { formatOffset, wallTimeToEpoch, zoneOffsetMinutes } from '../../renderer/src/time/zones';

describe('time formatting', () => {
  it('UTC mode writes ISO 8601 with Z and keeps all six stored fraction digits', () => {
    expect(formatTimestamp('2026-01-31T09:00:00.123456Z', 'utc', 'Europe/Berlin')).toBe('2026-01-31T09:00:00.123456Z');
  });

  it('local mode writes the wall time of the zone with its offset', () => {
    expect(formatTimestamp('2026-01-31T09:00:00.123456Z', 'local', 'Europe/Berlin')).toBe(
      '2026-01-31T10:00:00.123456+01:00',
    );
    expect(formatTimestamp('2026-07-31T09:00:00.000000Z', 'local', 'Europe/Berlin')).toBe(
      '2026-07-31T11:00:00.000000+02:00',
    );
  });

  it('local mode crosses the date line backwards for zones west of UTC', () => {
    expect(formatTimestamp('2026-01-01T02:30:00.000000Z', 'local', 'America/New_York')).toBe(
      '2025-12-31T21:30:00.000000-05:00',
    );
  });

  it('half-hour zones keep their minutes', () => {
    expect(formatTimestamp('2026-01-31T00:00:00.000000Z', 'local', 'Asia/Kolkata')).toBe(
      '2026-01-31T05:30:00.000000+05:30',
    );
  });

  it('text that is not a time is shown as it is', () => {
    expect(formatTimestamp('not a time', 'utc', 'UTC')).toBe('not a time');
  });

  it('counts use thousands separators, and an estimate is marked ≥', () => {
    expect(formatCount(1234567, false)).toBe('1,234,567');
    expect(formatCount(10000, true)).toBe('≥ 10,000');
  });

  it('histogram labels show dates for long spans and times for short ones', () => {
    expect(formatBucketLabel('2026-01-31T09:15:00.000Z', 'utc', 'UTC', 10 * 86_400_000)).toBe('2026-01-31');
    expect(formatBucketLabel('2026-01-31T09:15:00.000Z', 'utc', 'UTC', 3_600_000)).toBe('01-31 09:15');
  });
});

describe('From/To inputs', () => {
  it('a datetime-local value in UTC mode means that UTC time', () => {
    expect(inputToInstant('2026-01-31T09:00', 'utc', 'Europe/Berlin')).toBe('2026-01-31T09:00:00.000Z');
  });

  it('a datetime-local value in local mode means that wall time in the zone', () => {
    expect(inputToInstant('2026-01-31T10:00', 'local', 'Europe/Berlin')).toBe('2026-01-31T09:00:00.000Z');
    expect(inputToInstant('2026-07-31T10:00:30', 'local', 'Europe/Berlin')).toBe('2026-07-31T08:00:30.000Z');
  });

  it('an instant shown in an input reads back as the same instant, in either mode', () => {
    for (const mode of ['utc', 'local'] as const) {
      for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe']) {
        const iso = '2026-03-15T17:42:09.000Z';
        expect(inputToInstant(instantToInput(iso, mode, zone), mode, zone)).toBe(iso);
      }
    }
  });

  it('an empty or malformed input gives no instant', () => {
    expect(inputToInstant('', 'utc', 'UTC')).toBeNull();
    expect(inputToInstant('31/01/2026 09:00', 'utc', 'UTC')).toBeNull();
    expect(instantToInput(null, 'utc', 'UTC')).toBe('');
  });
});

describe('zones', () => {
  it('the offset follows daylight saving time', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('offsets are written ±HH:MM, and zero as Z', () => {
    expect(formatOffset(60)).toBe('+01:00');
    expect(formatOffset(-330)).toBe('-05:30');
    expect(formatOffset(0)).toBe('Z');
  });

  it('a wall time skipped by spring-forward resolves to the instant after the gap', () => {
    // Berlin 2026-03-29 02:30 does not exist; clocks jump from 02:00 to 03:00 (01:00Z).
    const epoch = wallTimeToEpoch(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin');
    expect(new Date(epoch).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a wall time repeated by fall-back resolves to its first occurrence', () => {
    // Berlin 2026-10-25 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    const epoch = wallTimeToEpoch(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin');
    expect(new Date(epoch).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});
