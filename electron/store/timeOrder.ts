// Whether seq order is also time order (every event no earlier than the one before it). It usually
// is, and then a keyword search sorted by time can walk the index in seq order. Derived data in
// `meta`, kept by the appender; it orders results and proves nothing, so verification ignores it.
import { getMeta, type Db } from './db';

const KEY = 'time_ordered';

/** Stores written before the flag existed, measured once per connection. */
const measured = new WeakMap<Db, boolean>();

/** Read from meta; a store without the flag yet is measured once (one pass over the ts column). */
export function isTimeOrdered(db: Db): boolean {
  const flag = getMeta(db, KEY);
  if (flag !== null) return flag === '1';
  let ordered = measured.get(db);
  if (ordered === undefined) measured.set(db, (ordered = measureTimeOrder(db)));
  return ordered;
}

export function measureTimeOrder(db: Db): boolean {
  const outOfOrder = db
    .prepare('SELECT 1 FROM events a JOIN events b ON b.seq = a.seq + 1 WHERE b.ts < a.ts LIMIT 1')
    .pluck()
    .get();
  return outOfOrder === undefined;
}

export { KEY as TIME_ORDER_META_KEY };
