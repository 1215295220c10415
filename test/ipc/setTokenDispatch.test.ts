import { expect, it } from 'vitest';
import { dispatch } from '../../electron/service/dispatch';
import { browserShell } from '../../electron/serve/browserShell';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import type { CaseSession } from '../../electron/desktop/caseSession';
import { createDesktopHandlers, type NativeDialogs } from '../../electron/desktop/handlers';
import { createPathGrants } from '../../electron/desktop/pathGrants';
import { createFakeService } from './fakeService';

const noDialogs: NativeDialogs = { openFiles: async () => [], save: async () => null, confirm: async () => false };

it("the desktop app hands sync.setToken to the open case's service, with its arguments parsed", async () => {
  const service = createFakeService();
  const cases = { service: () => service } as unknown as CaseSession;
  const deps = {
    service: () => service,
    jobs: createJobRegistry(),
    host: 'desktop' as const,
    shell: createDesktopHandlers(
      noDialogs,
      cases,
      createPathGrants(() => []),
    ),
  };
  await dispatch('sync.setToken', { name: 'platform', token: 'tok-123' }, deps);
  expect(service.calls).toEqual([{ channel: 'sync.setToken', args: { name: 'platform', token: 'tok-123' } }]);
});

it('without the desktop shell (browser mode) sync.setToken never reaches the service', async () => {
  const service = createFakeService();
  const deps = { service: () => service, jobs: createJobRegistry(), host: 'browser' as const, shell: browserShell() };
  await expect(dispatch('sync.setToken', { name: 'platform', token: 'tok-123' }, deps)).rejects.toMatchObject({
    name: 'DesktopOnlyError',
    message: '"sync.setToken" is not available in browser mode; it needs the desktop app.',
  });
  expect(service.calls).toHaveLength(0);
});
