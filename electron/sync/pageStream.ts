// The pages of a sync run as the main thread consumes them: fetched and prepared a few pages
// ahead, in the page worker where one can be had (else in this thread, overlapping only I/O).
// `ready()` says whether the next message is already here, so the caller can add it to the open
// transaction without ever holding a transaction across a network request.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { MORE } from '../threads/credits';
import { mailbox } from '../threads/mailbox';
import { workerEntry } from '../threads/workerEntry';
import { fetchPages, type PageJob, type PageMessage } from './pageFetcher';
import type { FromPageWorker, PageWorkerData } from './pageWorker';

export interface PageStream {
  /** The next message, waiting for it if need be. */
  next(): Promise<PageMessage>;
  /** The next message if it has already arrived, without taking it. */
  ready(): PageMessage | undefined;
  close(): Promise<void>;
}

/** Pages fetched and prepared ahead of the append, by default. */
export const DEFAULT_PAGES_AHEAD = 2;
/** As the import worker's (preparedReader.ts). */
const PAGE_WORKER_YOUNG_MB = 8;

export function openPageStream(
  job: PageJob,
  signal?: AbortSignal,
  options: { worker?: boolean; ahead?: number } = {},
): PageStream {
  const entry = options.worker === false ? null : workerEntry(import.meta.url, 'pageWorker');
  const ahead = Math.max(1, options.ahead ?? DEFAULT_PAGES_AHEAD);
  return entry ? inWorker(entry, job, ahead, signal) : inThread(job, ahead, signal);
}

/** What next() throws once the run is cancelled; the caller words the message. */
export class PageStreamCancelled extends Error {
  override name = 'PageStreamCancelled';
}

function inWorker(
  entry: NonNullable<ReturnType<typeof workerEntry>>,
  job: PageJob,
  ahead: number,
  signal?: AbortSignal,
): PageStream {
  // Pages arrive on a port of their own: besides its events, ready() reads it synchronously, since
  // messages that came while this thread was appending are only dispatched after the next await.
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(entry.script, {
    workerData: { job, pages: port2 } satisfies PageWorkerData,
    transferList: [port2],
    eval: entry.eval,
    // A page's parse garbage is short-lived: a small young generation keeps the client in bounded memory.
    resourceLimits: { maxYoungGenerationSizeMb: PAGE_WORKER_YOUNG_MB },
  });
  const box = mailbox<PageMessage>();
  const receive = (m: FromPageWorker) => {
    if (m.type === 'error') box.fail(new Error(m.message));
    else box.put(m);
  };
  port1.on('message', receive);
  worker.on('error', (err) => box.fail(err));
  worker.on('exit', (code) => box.fail(new Error(`The sync page worker stopped unexpectedly (exit code ${code}).`)));
  // A request in the worker may be waiting out a timeout or a backoff: cancelling must not wait.
  const abort = () => {
    box.fail(new PageStreamCancelled('the sync was cancelled'));
    void worker.terminate();
  };
  signal?.addEventListener('abort', abort, { once: true });
  for (let i = 0; i < ahead; i++) worker.postMessage(MORE);
  return {
    next: () => box.take(() => worker.postMessage(MORE)),
    ready: () => {
      if (box.queue.length === 0) {
        const pending = receiveMessageOnPort(port1);
        if (pending) receive(pending.message as FromPageWorker);
      }
      return box.queue[0];
    },
    close: async () => {
      signal?.removeEventListener('abort', abort);
      port1.close();
      await worker.terminate();
    },
  };
}

function inThread(job: PageJob, ahead: number, signal?: AbortSignal): PageStream {
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal?.addEventListener('abort', abort, { once: true });
  const pages = fetchPages(job, stop.signal);
  const box = mailbox<PageMessage>();
  let credits = ahead;
  let pumping = false;
  let finished = false;
  const pump = async () => {
    if (pumping || finished) return;
    pumping = true;
    try {
      while (credits > 0 && !finished) {
        credits--;
        const { value, done } = await pages.next();
        if (done) finished = true;
        else {
          box.put(value);
          if (value.type !== 'page') finished = true;
        }
      }
    } catch (err) {
      finished = true;
      box.fail(err as Error);
    } finally {
      pumping = false;
    }
  };
  void pump();
  return {
    next: () =>
      box.take(() => {
        credits++;
        void pump();
      }),
    ready: () => box.queue[0],
    close: async () => {
      signal?.removeEventListener('abort', abort);
      stop.abort();
      finished = true;
      await pages.return(undefined);
    },
  };
}
