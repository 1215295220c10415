// The service, off Electron's main thread: imports, verification and exports of a million rows
// run here, so the window never freezes. Answers the messages of ./protocol.
import { parentPort, workerData } from 'node:worker_threads';
import type { ParsedArgs, ServiceChannel } from '../../../shared/channels';
import type { JobContext } from '../../../shared/handlers';
import { createDemoCase } from '../demoCase';
import { createService } from '../service';
import type { Service } from '../types';
import { sealedTokenVault } from '../../sync/sealedTokenVault';
import type { FromWorker, ServiceWorkerData, ToWorker } from './protocol';
import { remoteSealer } from './sealerBridge';

const port = parentPort;
if (!port) throw new Error('serviceWorker.js runs only as a worker thread.');
const { home, sealerKind } = workerData as ServiceWorkerData;
const post = (message: FromWorker) => port.postMessage(message);
const sealer = sealerKind ? remoteSealer(sealerKind, (request) => post(request)) : undefined;

let service: Service | null = null;
const running = new Map<number, AbortController>();

function openCase(storePath: string): void {
  // Sync tokens typed into the app are sealed through main's OS keystore, per case.
  const sync = sealer ? { vault: sealedTokenVault(home, sealer, storePath) } : undefined;
  const next = createService({ storePath, home, sealer, sync });
  service?.close();
  service = next;
}

async function handle(message: Exclude<ToWorker, { type: 'cancel' }>, ctx: JobContext): Promise<unknown> {
  switch (message.type) {
    case 'open':
      return openCase(message.storePath);
    case 'demo':
      await createDemoCase(
        message.storePath,
        message.events,
        (done) => ctx.progress('Generating the demo case', done, message.events),
        {
          home,
          sealer,
        },
      );
      return openCase(message.storePath);
    case 'invoke':
      if (!service) throw new Error('No case is open. Open a case, import a file or start the demo case first.');
      return service.invoke(message.channel, message.args as ParsedArgs<ServiceChannel>, ctx);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort(new Error('Cancelled by the user.'));
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (phase, done, total) => post({ type: 'progress', id: message.id, phase, done, total }),
  };
  handle(message, ctx)
    .then(
      (value) => post({ type: 'result', id: message.id, value: value ?? null }),
      (err: Error) =>
        post({ type: 'error', id: message.id, message: err?.message ?? String(err), name: err?.name ?? 'Error' }),
    )
    .finally(() => running.delete(message.id));
});
