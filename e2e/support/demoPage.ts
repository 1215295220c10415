// One demo case served in browser mode with a page open on it: the set-up every UI spec shares.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeWorkspace, serve, signtrail, type Served, type Workspace } from './signtrail';

export const SHOTS = path.resolve('test-results', 'screenshots');

export interface DemoPage {
  ws: Workspace;
  served: Served;
  page: Page;
}

/** Registers beforeAll/afterAll hooks for a serial spec; the returned object is filled in beforeAll. */
export function useDemoPage(name: string, events: number, env: Record<string, string> = {}): DemoPage {
  const session = {} as DemoPage;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    session.ws = makeWorkspace(name);
    await signtrail(session.ws, ['demo', '--store', session.ws.store, '--events', String(events)]);
    session.served = await serve(session.ws, env);
    session.page = await browser.newPage();
    fs.mkdirSync(SHOTS, { recursive: true });
    await session.page.goto(session.served.url);
    await expect(session.page.locator('.MuiDataGrid-row').first()).toBeVisible();
  });
  test.afterAll(async () => {
    await session.page?.close();
    await session.served?.stop();
    session.ws?.cleanup();
  });
  return session;
}
