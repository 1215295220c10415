// One writer at a time: write jobs (imports, sync, source changes) run one after another, each on
// its own connection, so a reader's connection never sees half of a transaction.
import { openStore, type Db } from './db';

export type RunExclusive = <T>(job: (writer: Db) => Promise<T>) => Promise<T>;

export function createWriteQueue(storePath: string): RunExclusive {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(job: (writer: Db) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      const writer = openStore(storePath);
      try {
        return await job(writer);
      } finally {
        writer.close();
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
