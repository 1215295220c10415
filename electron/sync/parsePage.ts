// One page of the audit API, `{"events": [...], "next": <cursor or null>}`, checked whole: a page
// with any fault is refused before anything from it reaches the store.
import type { IncomingEvent } from '../store/append';
import { ImportError } from '../ingest/errors';
import { recordFromObject } from '../ingest/recordFromObject';
import { parseStrictJson, pathText, StrictJsonProblem } from '../ingest/strictJson';
import { SyncError } from './errors';

export interface SyncPage {
  events: IncomingEvent[];
  next: string | null;
  /** Set when a zone-less time was read, to the zone it was read in. */
  assumedTimeZone: string | null;
}

export function describeCursor(cursor: string | null): string {
  return cursor === null ? 'the start (no cursor yet)' : `cursor ${JSON.stringify(cursor)}`;
}

export function parsePage(body: Buffer, sourceName: string, cursor: string | null, assumeTz?: string): SyncPage {
  const refuse = (problem: string): never => {
    throw new SyncError(
      'malformed',
      `source ${sourceName}: the page after ${describeCursor(cursor)} was refused: ${problem}. Nothing from it was stored; sync stopped there and resumes from that cursor once the server sends a valid page.`,
    );
  };
  let parsed: unknown;
  try {
    // Strict: an ID beyond 2^53, a repeated member or an infinite number would be changed silently.
    parsed = parseStrictJson(body.toString('utf8'));
  } catch (err) {
    if (err instanceof StrictJsonProblem) {
      const [top, index, ...rest] = err.path;
      return refuse(
        top === 'events' && typeof index === 'number'
          ? `event ${index + 1}, field "${pathText(rest)}": ${err.problem}`
          : `${pathText(err.path)}: ${err.problem}`,
      );
    }
    return refuse(`it is not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse('it is not a JSON object');
  const page = parsed as { events?: unknown; next?: unknown };
  if (!Array.isArray(page.events)) return refuse('it has no "events" array');
  let next: string | null;
  if (page.next === null || page.next === undefined) next = null;
  else if (typeof page.next === 'string') next = page.next;
  else if (typeof page.next === 'number' && Number.isFinite(page.next)) next = String(page.next);
  else return refuse(`its "next" is ${JSON.stringify(page.next)}, not a cursor string or null`);

  let assumedTimeZone: string | null = null;
  const where = `source ${sourceName} page`;
  const events: IncomingEvent[] = new Array(page.events.length);
  for (let i = 0; i < page.events.length; i++) {
    const item: unknown = page.events[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return refuse(`event ${i + 1} is not a JSON object`);
    try {
      const record = recordFromObject(
        item as Record<string, unknown>,
        { file: where, line: i + 1 },
        {
          assumeTz,
          onZoneAssumed: (zone) => {
            assumedTimeZone = zone;
          },
        },
      );
      events[i] = { record, line: i + 1 };
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      const field = err.field ? `, field "${err.field}"` : '';
      return refuse(`event ${i + 1}${field}: ${err.problem}`);
    }
  }
  return { events, next, assumedTimeZone };
}
