// Read handlers get a ReadableDb, which no write function of the store takes (checked by the
// type-check: the @ts-expect-error lines fail `npm run typecheck` if the write were allowed), and
// the read handlers log their slow queries with name and time (SIGNTRAIL_SLOW_QUERY_MS).
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCaseStore, type CaseStore } from '../../electron/store/caseStore';
import { openStore } from '../../electron/store/db';
import { queryHandlers } from '../../electron/store/handlers';
import { recordImportStart } from '../../electron/store/imports';
import { queryEvents } from '../../electron/store/query';
import { timedQuery } from '../../electron/store/slowQueries';
import { saveSyncCursor } from '../../electron/store/syncSources';
import { noJobContext } from '../../shared/handlers';
import { record } from '../helpers/records';
import { appendRecords } from '../helpers/store';
import { tempDir } from '../helpers/tmp';

const start = { kind: 'file', source: 'x.csv', format: 'csv', importedBy: 'test', signtrailVersion: 'test' } as const;

/** A read handler that tries to write: it must not compile (never called). */
export function readHandlerThatWrites(c: CaseStore): void {
  queryEvents(c.db, { filter: {}, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 1 } as never);
  // @ts-expect-error a ReadableDb cannot be given to a write function
  recordImportStart(c.db, start);
  // @ts-expect-error a ReadableDb cannot be given to a write function
  saveSyncCursor(c.db, 'source', null);
}

function caseWithEvents(n: number) {
  const dir = tempDir();
  const storePath = path.join(dir, 'case.sqlite');
  const writer = openStore(storePath);
  appendRecords(
    writer,
    Array.from({ length: n }, () => record()),
  );
  // A writer's connection (openStore without readonly) takes the write functions.
  expect(recordImportStart(writer, start)).toBeGreaterThan(0);
  writer.close();
  return openCaseStore({ storePath, home: path.join(dir, 'home') });
}

describe('reader and writer connections, and the slow query log', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('logs a deliberately slow query on a real store with its name and time, above a low threshold', () => {
    const c = caseWithEvents(10);
    vi.stubEnv('SIGNTRAIL_SLOW_QUERY_MS', '20');
    const lines: string[] = [];
    const slow = timedQuery(
      'test.countToThreeMillion',
      () =>
        c.db
          .prepare(
            'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) FROM n',
          )
          .pluck()
          .get(),
      (line) => lines.push(line),
    );
    expect(slow).toBe(3_000_000);
    expect(lines).toHaveLength(1);
    const m = /^signtrail: slow query test\.countToThreeMillion: (\d+\.\d) ms \(threshold 20 ms\)$/.exec(lines[0]);
    expect(m, lines[0]).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(20);
    // A fast one under the same threshold is not logged.
    timedQuery(
      'test.one',
      () => c.db.prepare('SELECT 1').get(),
      (line) => lines.push(line),
    );
    expect(lines).toHaveLength(1);
    c.close();
  });

  it('logs the read handlers on stderr by channel name above the threshold, and nothing under the default', async () => {
    const c = caseWithEvents(50);
    const h = queryHandlers(c);
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    await h['events.get']({ seq: 1 }, noJobContext());
    await h['events.facets']({} as never, noJobContext());
    expect(written.filter((l) => l.includes('slow query'))).toEqual([]);
    vi.stubEnv('SIGNTRAIL_SLOW_QUERY_MS', '0');
    await h['events.facets']({} as never, noJobContext());
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^signtrail: slow query events\.facets: \d+\.\d ms \(threshold 0 ms\)\n$/);
    c.close();
  });
});
