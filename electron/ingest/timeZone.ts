// Reading zone-less wall-clock times in an IANA zone, with the same disambiguation as Temporal's
// "compatible": a time that occurs twice (clocks go back) is the earlier instant; a time skipped
// by a spring-forward gap is moved forward by the length of the gap.
import { daysFromCivil } from '../../shared/civil';
import { ImportError } from './errors';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface Zone {
  /** The zone's IANA name as Intl resolves it, e.g. "Europe/Berlin". */
  name: string;
  /** Converts a wall-clock time (expressed as if it were UTC milliseconds) to real UTC milliseconds. */
  wallToUtc(wallMs: number): number;
}

const zones = new Map<string, Zone>();

/** Returns the zone, or null when Intl does not know the name. */
export function findZone(name: string): Zone | null {
  const cached = zones.get(name);
  if (cached) return cached;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    return null;
  }
  const resolved = format.resolvedOptions().timeZone;
  const zone = resolved === 'UTC' || resolved === 'Etc/UTC' ? utcZone(resolved) : intlZone(resolved, format);
  zones.set(name, zone);
  return zone;
}

function utcZone(name: string): Zone {
  return { name, wallToUtc: (wallMs) => wallMs };
}

function intlZone(name: string, format: Intl.DateTimeFormat): Zone {
  const offsets = new Map<number, number>();
  const wallOffsets = new Map<number, number>();

  /** Offset (wall minus UTC, ms) in force at a UTC instant, cached per minute: zones change on minute boundaries. */
  function offsetAt(utcMs: number): number {
    const minute = Math.floor(utcMs / MINUTE_MS);
    const hit = offsets.get(minute);
    if (hit !== undefined) return hit;
    const at = minute * MINUTE_MS;
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(at))) parts[part.type] = part.value;
    let year = Number(parts.year);
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
    const days = daysFromCivil(year, Number(parts.month), Number(parts.day));
    const wall = days * DAY_MS + (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000;
    const offset = wall - at;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(minute, offset);
    return offset;
  }

  function wallMinuteToUtc(wallMinuteMs: number): number {
    const before = offsetAt(wallMinuteMs - DAY_MS);
    const after = offsetAt(wallMinuteMs + DAY_MS);
    if (before === after) {
      // No transition within a day either side, unless two transitions a day apart; confirm.
      const candidate = wallMinuteMs - before;
      if (offsetAt(candidate) === before) return before;
    }
    const earlier = wallMinuteMs - before;
    const later = wallMinuteMs - after;
    const earlierValid = offsetAt(earlier) === before;
    const laterValid = offsetAt(later) === after;
    if (earlierValid && laterValid) return Math.min(earlier, later) === earlier ? before : after;
    if (earlierValid) return before;
    if (laterValid) return after;
    return before; // in a gap: keep the offset from before the transition, which moves the time forward
  }

  return {
    name,
    wallToUtc(wallMs: number): number {
      const minute = Math.floor(wallMs / MINUTE_MS);
      let offset = wallOffsets.get(minute);
      if (offset === undefined) {
        offset = wallMinuteToUtc(minute * MINUTE_MS);
        if (wallOffsets.size > 100_000) wallOffsets.clear();
        wallOffsets.set(minute, offset);
      }
      return wallMs - offset;
    },
  };
}

/** The zone zone-less times are read in; an unknown name is refused before any row is read. */
export function zoneForImport(name: string | undefined, file: string): Zone {
  const zone = findZone(name ?? 'UTC');
  if (!zone) {
    throw new ImportError(
      file,
      null,
      null,
      `the time zone ${JSON.stringify(name)} is not an IANA time zone name; use a name such as UTC, Europe/Berlin or America/New_York`,
    );
  }
  return zone;
}
