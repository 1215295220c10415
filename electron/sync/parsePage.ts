// One page of the audit API, `{"events": [...], "next": <cursor or null>}`, checked whole: a page
// with any fault is refused before anything from it reaches the store. Each event is prepared for
// appending (canonical bytes, leaf hash, derived columns) and packed as it is read, so the page's
// parsed objects, records and prepared events are not all held at once.
import { ImportError } from '../ingest/errors';
import { recordContext, recordFromParsedObject } from '../ingest/recordFromObject';
import type { BuildContext } from '../ingest/buildRecord';
import { EventPacker, type PackedEvents } from '../store/packedEvents';
import { prepareEvent } from '../store/prepare';
import { parseStrictJson, pathText, StrictJsonProblem } from '../ingest/strictJson';
import { SyncError } from './errors';

export interface SyncPage {
  events: PackedEvents;
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
  const items = page.events as unknown[];
  const packer = new EventPacker();
  let ctx: BuildContext | undefined;
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return refuse(`event ${i + 1} is not a JSON object`);
    try {
      ctx ??= recordContext(where, {
        assumeTz,
        onZoneAssumed: (zone) => {
          assumedTimeZone = zone;
        },
      });
      const record = recordFromParsedObject(item as Record<string, unknown>, i + 1, ctx);
      packer.add(prepareEvent({ record, line: i + 1 }));
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      const field = err.field ? `, field "${err.field}"` : '';
      return refuse(`event ${i + 1}${field}: ${err.problem}`);
    }
    items[i] = undefined; // packed: the parsed object can go
  }
  return { events: packer.finish(), next, assumedTimeZone };
}
