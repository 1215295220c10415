import { describe, expect, it } from 'vitest';
import { parseTimeInput } from '../../renderer/src/time/parseInput';

describe('the From/To text a user types or pastes', () => {
  it('reads ISO 8601 / RFC 3339 with a zone as that instant, whatever the UTC/Local choice', () => {
    for (const text of ['2026-03-02T08:40:00Z', '2026-03-02T09:40:00+01:00', '2026-03-02 03:40:00-0500']) {
      expect(parseTimeInput(text, 'local', 'Europe/Berlin')).toEqual({ ok: true, instant: '2026-03-02T08:40:00.000Z' });
    }
  });

  it('takes a time copied from the grid, microseconds and all', () => {
    expect(parseTimeInput(' 2026-03-02T08:21:50.123456Z ', 'utc', 'UTC')).toEqual({
      ok: true,
      instant: '2026-03-02T08:21:50.123Z',
    });
  });

  it('reads a time without a zone in the chosen zone', () => {
    expect(parseTimeInput('2026-03-02T08:40', 'utc', 'Europe/Berlin')).toEqual({
      ok: true,
      instant: '2026-03-02T08:40:00.000Z',
    });
    expect(parseTimeInput('2026-03-02 09:40', 'local', 'Europe/Berlin')).toEqual({
      ok: true,
      instant: '2026-03-02T08:40:00.000Z',
    });
    expect(parseTimeInput('2026-03-02', 'utc', 'UTC')).toEqual({ ok: true, instant: '2026-03-02T00:00:00.000Z' });
  });

  it('an empty box is no bound', () => {
    expect(parseTimeInput('  ', 'utc', 'UTC')).toEqual({ ok: true, instant: null });
  });

  it('refuses what it cannot read, saying what it expects, instead of guessing', () => {
    for (const text of ['03022026 0840', '03/02/2026 08:40 AM', '202602-03-02', '2026-02-30', '2026-03-02T24:00']) {
      const parsed = parseTimeInput(text, 'utc', 'UTC');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/not a (date-time|real date)/);
    }
  });
});
