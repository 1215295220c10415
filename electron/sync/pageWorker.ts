// Worker thread entry: fetches and prepares the audit API's pages (pageFetcher) a few ahead of the
// main thread, which appends them. Flow control by credits, as in the import worker.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { creditsFrom } from '../threads/credits';
import { packedTransferList } from '../store/packedEvents';
import { fetchPages, type PageJob, type PageMessage } from './pageFetcher';

export type FromPageWorker = PageMessage | { type: 'error'; message: string };

/** Pages go out on their own port, which the main thread can also read synchronously. */
export interface PageWorkerData {
  job: PageJob;
  pages: MessagePort;
}

const { job, pages } = workerData as PageWorkerData;
const port = parentPort;
const credits = creditsFrom(port);

async function run(): Promise<void> {
  try {
    for await (const message of fetchPages(job)) {
      await credits.take();
      // A page's buffers are transferred, not copied: the writer's thread only maps them.
      pages.postMessage(
        message satisfies FromPageWorker,
        message.type === 'page' ? packedTransferList(message.events) : [],
      );
    }
  } catch (err) {
    pages.postMessage({ type: 'error', message: (err as Error).message } satisfies FromPageWorker);
  }
}

if (port) void run();
