// The open case of the desktop app: which store the service worker holds, the demo case, and
// the recent-cases list in the settings file.
import fs from 'node:fs';
import path from 'node:path';
import type { StoreInfo } from '../../shared/results';
import type { WorkerService } from '../service/host/workerService';
import type { JobContext } from '../../shared/handlers';
import type { Service } from '../service/types';
import { readSettings, rememberRecentCase, writeSettings } from './settings';

export interface CaseSessionOptions {
  /** Starts a service worker (one per open case). */
  startWorker(): WorkerService;
  settingsFile: string;
  /** Where the demo case and new cases go by default: the app data folder. */
  casesDir: string;
  /** Told when the settings file was unreadable and defaults were used. */
  warn?(message: string): void;
}

export interface CaseSession {
  /** The service of the open case; throws a sentence when none is open. */
  service(): Service;
  hasStore(): boolean;
  open(storePath: string, ctx: JobContext): Promise<StoreInfo>;
  openDemo(events: number, ctx: JobContext): Promise<StoreInfo>;
  /** Recent cases that still exist, most recent first. */
  recent(): string[];
  close(): Promise<void>;
}

export function createCaseSession(options: CaseSessionOptions): CaseSession {
  let current: WorkerService | null = null;

  function loadSettings() {
    const { settings, problem } = readSettings(options.settingsFile);
    if (problem) options.warn?.(problem);
    return settings;
  }

  async function switchTo(
    storePath: string,
    prepare: (worker: WorkerService) => Promise<void>,
    ctx: JobContext,
  ): Promise<StoreInfo> {
    const worker = options.startWorker();
    try {
      await prepare(worker);
      const info = await worker.invoke('store.info', {}, ctx);
      await current?.stop();
      current = worker;
      writeSettings(options.settingsFile, rememberRecentCase(loadSettings(), storePath));
      return info;
    } catch (err) {
      await worker.stop();
      throw err;
    }
  }

  return {
    service() {
      if (!current) throw new Error('No case is open. Open a case, import a file or start the demo case first.');
      return current;
    },
    hasStore: () => current !== null,
    open(storePath, ctx) {
      const resolved = path.resolve(storePath);
      return switchTo(resolved, (worker) => worker.open(resolved), ctx);
    },
    openDemo(events, ctx) {
      const storePath = path.join(options.casesDir, `demo-${events}.sqlite`);
      fs.mkdirSync(options.casesDir, { recursive: true });
      // A demo store already generated at this size is reused rather than filled twice.
      const exists = fs.existsSync(storePath);
      return switchTo(
        storePath,
        (worker) => (exists ? worker.open(storePath) : worker.createDemo(storePath, events, ctx)),
        ctx,
      );
    },
    recent: () => loadSettings().recentCases.filter((p) => fs.existsSync(p)),
    async close() {
      await current?.stop();
      current = null;
    },
  };
}
