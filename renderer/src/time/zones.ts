// Time-zone arithmetic on top of Intl: the offset of a zone at an instant, and wall time ↔ instant.

/** The zone the OS reports, e.g. Europe/Berlin. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Minutes to add to UTC to get the wall time in `zone` at `epochMs` (Berlin in winter: 60). */
export function zoneOffsetMinutes(epochMs: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const parts = Object.fromEntries(
    wallFormatter(zone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const wallAsUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSeconds) / 60_000);
}

/** `+01:00`, `-05:30`, or `Z` for zero. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The instant at which the clocks in `zone` show `wallMs` (a wall time written as if UTC).
 * In an overlap (fall back) the earlier instant wins; in a gap (spring forward) the wall time
 * is read with the offset from before the change, as JavaScript's Date does.
 */
export function wallTimeToEpoch(wallMs: number, zone: string): number {
  const DAY = 86_400_000;
  const before = zoneOffsetMinutes(wallMs - DAY, zone);
  const after = zoneOffsetMinutes(wallMs + DAY, zone);
  const shows = (epoch: number) => epoch + zoneOffsetMinutes(epoch, zone) * 60_000 === wallMs;
  const candidates = [wallMs - before * 60_000, wallMs - after * 60_000].filter(shows).sort((a, b) => a - b);
  return candidates[0] ?? wallMs - before * 60_000;
}
