// Prepared events packed for a thread boundary: a sync page's 5,000 events as a handful of typed
// arrays and string lists instead of 5,000 tuples. Structured clone copies every tuple, every
// string and every small byte array one by one, and the receiving thread — the writer, the sync's
// bottleneck — pays to rebuild them: ~20 ms per page of 5,000 (~4 µs an event) against ~2 ms
// packed (docs/performance.md, "Sync ratio and memory"). Packed, the canonical bytes and leaf
// hashes travel in one transferred buffer, the text columns as each column's distinct values with
// an index per event, and the numbers in a Float64Array. The appender reads them back through one
// reused tuple (forEachPacked), so the writer allocates nothing per event for the transfer.
import { DERIVED_EVENT_COLUMNS, PREPARED_DERIVED_FIRST } from './eventColumns';
import type { PreparedEvent } from './prepare';
import type { Micros } from './timeMicros';

const HASH_SIZE = 32;
/** Tuple positions of the derived text columns (every derived column but the time). */
const TEXT_POSITIONS = DERIVED_EVENT_COLUMNS.flatMap((c, i) => ('time' in c ? [] : [PREPARED_DERIVED_FIRST + i]));
const TIME_POSITION = PREPARED_DERIVED_FIRST + DERIVED_EVENT_COLUMNS.findIndex((c) => 'time' in c);
const LINE_POSITION = PREPARED_DERIVED_FIRST + DERIVED_EVENT_COLUMNS.length;
/** Numbers kept per event: the ID's hash key, the time (NaN when it is a BigInt), the line. */
const NUMBERS = 3;

export interface PackedEvents {
  readonly packed: true;
  count: number;
  /** Each event's canonical bytes followed by its 32-byte leaf hash, event after event. */
  bytes: Uint8Array;
  /** Where each event's canonical bytes end in `bytes` (its leaf hash follows). */
  canonEnds: Uint32Array;
  /** Per event: ID hash key, time in microseconds (NaN: see `bigTimes`), source line. */
  numbers: Float64Array;
  /** Times beyond ±2^53 µs, which a double cannot hold: [event index, microseconds]. */
  bigTimes: [number, bigint][];
  /** Per text column (TEXT_POSITIONS order): its distinct values, and each event's index in them (-1: null). */
  text: { values: string[]; index: Int32Array }[];
}

export function isPacked(batch: readonly PreparedEvent[] | PackedEvents): batch is PackedEvents {
  return (batch as PackedEvents).packed === true;
}

/** Collects prepared events one by one into a PackedEvents; `finish()` once. */
export class EventPacker {
  private bytes = new Uint8Array(1 << 18);
  private used = 0;
  private canonEnds: number[] = [];
  private numbers: number[] = [];
  private bigTimes: [number, bigint][] = [];
  private columns = TEXT_POSITIONS.map(() => ({
    ids: new Map<string, number>(),
    values: [] as string[],
    index: [] as number[],
  }));

  get count(): number {
    return this.canonEnds.length;
  }

  add(event: PreparedEvent): void {
    const canon = event[0];
    const leaf = event[1];
    const need = this.used + canon.length + HASH_SIZE;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(canon, this.used);
    this.used += canon.length;
    this.canonEnds.push(this.used);
    this.bytes.set(leaf, this.used);
    this.used += HASH_SIZE;
    const time = event[TIME_POSITION] as Micros;
    if (typeof time === 'bigint') this.bigTimes.push([this.count - 1, time]);
    this.numbers.push(event[2], typeof time === 'bigint' ? NaN : time, event[LINE_POSITION] as number);
    for (let c = 0; c < TEXT_POSITIONS.length; c++) {
      const value = event[TEXT_POSITIONS[c]] as string | null;
      const column = this.columns[c];
      if (value === null) {
        column.index.push(-1);
        continue;
      }
      let id = column.ids.get(value);
      if (id === undefined) {
        id = column.values.length;
        column.values.push(value);
        column.ids.set(value, id);
      }
      column.index.push(id);
    }
  }

  /** The packed events; the packer is empty after. */
  finish(): PackedEvents {
    const events: PackedEvents = {
      packed: true,
      count: this.count,
      bytes: this.bytes.slice(0, this.used),
      canonEnds: Uint32Array.from(this.canonEnds),
      numbers: Float64Array.from(this.numbers),
      bigTimes: this.bigTimes,
      text: this.columns.map((c) => ({ values: c.values, index: Int32Array.from(c.index) })),
    };
    this.bytes = new Uint8Array(0);
    return events;
  }
}

/** The buffers to transfer (not copy) with packed events to another thread; they are unusable here after. */
export function packedTransferList(events: PackedEvents): ArrayBuffer[] {
  return [
    events.bytes.buffer,
    events.canonEnds.buffer,
    events.numbers.buffer,
    ...events.text.map((t) => t.index.buffer),
  ] as ArrayBuffer[];
}

/** An empty PackedEvents (a page without events). */
export function noPackedEvents(): PackedEvents {
  return {
    packed: true,
    count: 0,
    bytes: new Uint8Array(0),
    canonEnds: new Uint32Array(0),
    numbers: new Float64Array(0),
    bigTimes: [],
    text: TEXT_POSITIONS.map(() => ({ values: [], index: new Int32Array(0) })),
  };
}

/**
 * Calls `fn` with each event as a PreparedEvent, in order. The tuple is reused from one event to
 * the next and its byte arrays are views into `events.bytes`: `fn` must copy what it keeps.
 */
export function forEachPacked(events: PackedEvents, fn: (event: PreparedEvent) => void): void {
  const { bytes, canonEnds, numbers, text } = events;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const big = new Map(events.bigTimes);
  const tuple = new Array<unknown>(LINE_POSITION + 1) as PreparedEvent;
  let start = 0;
  for (let i = 0; i < events.count; i++) {
    const end = canonEnds[i];
    tuple[0] = buffer.subarray(start, end);
    tuple[1] = buffer.subarray(end, end + HASH_SIZE);
    tuple[2] = numbers[i * NUMBERS];
    const time = numbers[i * NUMBERS + 1];
    tuple[TIME_POSITION] = Number.isNaN(time) ? big.get(i)! : time;
    tuple[LINE_POSITION] = numbers[i * NUMBERS + 2];
    for (let c = 0; c < TEXT_POSITIONS.length; c++) {
      const column = text[c];
      const at = column.index[i];
      tuple[TEXT_POSITIONS[c]] = at < 0 ? null : column.values[at];
    }
    start = end + HASH_SIZE;
    fn(tuple);
  }
}
