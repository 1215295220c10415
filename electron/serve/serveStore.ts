// `signtrail serve --store FILE`: the service for one store behind startServer, with the built
// renderer. From the bundle (dist-electron/cli.js) the service runs in a worker thread, so a long
// import never stalls other requests; from source (tsx) it runs in-process.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createWorkerService, type WorkerLike } from '../service/host/workerService';
import { signTrailHome } from '../integrity/keys';
import { createService } from '../service/service';
import type { Service } from '../service/types';
import type { ServiceWorkerData } from '../service/host/protocol';
import { startServer, type RunningServer } from './startServer';

export interface ServeStoreOptions {
  storePath: string;
  port?: number;
  token?: string;
  home?: string;
  /** The built renderer; default: the nearest dist/ with an index.html above this module. */
  staticDir?: string | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** dist/ of the checkout or package this module runs from. */
export function findRendererBuild(from: string = here): string | null {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'dist');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

async function openService(storePath: string, home: string): Promise<Service> {
  const workerFile = path.join(here, 'serviceWorker.js');
  if (!fs.existsSync(workerFile)) return createService({ storePath, home });
  const workerData: ServiceWorkerData = { home, sealerKind: null };
  const service = createWorkerService(new Worker(workerFile, { workerData }) as unknown as WorkerLike);
  await service.open(path.resolve(storePath));
  return service;
}

export async function serveStore(options: ServeStoreOptions): Promise<RunningServer> {
  const service = await openService(options.storePath, options.home ?? signTrailHome());
  const server = await startServer({
    service,
    port: options.port,
    token: options.token,
    staticDir: options.staticDir === undefined ? findRendererBuild() : options.staticDir,
  });
  return {
    ...server,
    async close() {
      await server.close();
      service.close();
    },
  };
}
