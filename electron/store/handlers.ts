// The query and checkpoint channels: reads of the open case, on its reading connection.
import type { HandlerMap } from '../../shared/handlers';
import type { StoreInfo } from '../../shared/results';
import type { CaseStore } from './caseStore';
import { latestCheckpoint, type CheckpointSigner } from './checkpoints';
import { eventCount, getMeta, type Db } from './db';
import { getEvent, getFacets, getHistogram, getTopValues, queryEvents } from './query';
import { timedQuery } from './slowQueries';
import { tsTextSql } from './timeMicros';

export function queryHandlers(
  c: CaseStore,
): HandlerMap<
  'store.info' | 'events.query' | 'events.get' | 'events.facets' | 'events.topValues' | 'events.histogram'
> {
  return {
    'store.info': () => timedQuery('store.info', () => storeInfo(c.db, c.storePath, c.signer())),
    'events.query': (args) => timedQuery('events.query', () => queryEvents(c.db, args)),
    'events.get': (args) => timedQuery('events.get', () => getEvent(c.db, args.seq)),
    'events.facets': () => timedQuery('events.facets', () => getFacets(c.db)),
    'events.topValues': (args) =>
      timedQuery('events.topValues', () => getTopValues(c.db, args.filter, args.fields, args.limit)),
    'events.histogram': (args) =>
      timedQuery('events.histogram', () => getHistogram(c.db, args.filter, args.buckets, args.range)),
  };
}

export function checkpointHandlers(c: CaseStore): HandlerMap<'checkpoint.latest'> {
  return { 'checkpoint.latest': () => timedQuery('checkpoint.latest', () => latestCheckpoint(c.db)) };
}

function storeInfo(db: Db, path: string, signer: CheckpointSigner): StoreInfo {
  const span = db
    .prepare(
      `SELECT ${tsTextSql('lo')} AS lo, ${tsTextSql('hi')} AS hi
         FROM (SELECT (SELECT min(ts) FROM events) AS lo, (SELECT max(ts) FROM events) AS hi)`,
    )
    .get() as {
    lo: string | null;
    hi: string | null;
  };
  return {
    path,
    storeId: getMeta(db, 'store_id') ?? '',
    origin: getMeta(db, 'origin') ?? '',
    eventCount: eventCount(db),
    verifierKey: signer.verifierKey,
    latestCheckpoint: latestCheckpoint(db),
    firstTimestamp: span.lo,
    lastTimestamp: span.hi,
  };
}
