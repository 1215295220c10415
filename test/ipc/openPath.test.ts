// The desktop app opens a report after saving it: app.openPath, answered by the shell with
// Electron's shell.openPath injected (here a recorder), only for a file the save dialog granted
// and only for a report's kind of file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesktopHandlers, type FileOpener, type NativeDialogs } from '../../electron/desktop/handlers';
import type { CaseSession } from '../../electron/desktop/caseSession';
import { createDesktopGuard, createPathGrants } from '../../electron/desktop/pathGrants';
import { dispatch } from '../../electron/service/dispatch';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { isDesktopOnly } from '../../shared/channels';
import { tempDir } from '../helpers/tmp';
import { createFakeService } from './fakeService';

function desktop(saveAs: string, result = '') {
  const opened: string[] = [];
  const opener: FileOpener = {
    openPath: async (file) => {
      opened.push(file);
      return result;
    },
  };
  const dialogs: NativeDialogs = { openFiles: async () => [], save: async () => saveAs, confirm: async () => false };
  const grants = createPathGrants(() => []);
  const service = createFakeService();
  const cases = { service: () => service, recent: () => [] } as unknown as CaseSession;
  const deps = {
    service: () => service,
    jobs: createJobRegistry(),
    host: 'desktop' as const,
    shell: createDesktopHandlers(dialogs, cases, grants, opener),
    guard: createDesktopGuard(grants, dialogs.confirm),
  };
  return { opened, call: (channel: string, args: unknown) => dispatch(channel, args, deps) };
}

describe('app.openPath', () => {
  it('is a desktop-only channel', () => {
    expect(isDesktopOnly('app.openPath')).toBe(true);
  });

  it('opens the report the save dialog granted, with shell.openPath', async () => {
    const file = path.join(tempDir(), 'signtrail-pci-dss-4.html');
    const { call, opened } = desktop(file);
    expect(await call('app.saveDialog', { defaultName: 'signtrail-pci-dss-4.html' })).toBe(file);
    expect(await call('app.openPath', { path: file })).toEqual({ opened: true, error: null });
    expect(opened).toEqual([file]);
  });

  it('says why when the system cannot open it', async () => {
    const file = path.join(tempDir(), 'r.pdf');
    const { call, opened } = desktop(file, 'No application knows how to open r.pdf');
    await call('app.saveDialog', { defaultName: 'r.pdf' });
    expect(await call('app.openPath', { path: file })).toEqual({
      opened: false,
      error: 'No application knows how to open r.pdf',
    });
    expect(opened).toEqual([file]);
  });

  it('refuses a file the user did not save, and a program even if saved', async () => {
    const dir = tempDir();
    const { call, opened } = desktop(path.join(dir, 'payload.sh'));
    await expect(call('app.openPath', { path: path.join(dir, 'other.html') })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    await call('app.saveDialog', { defaultName: 'report.html' });
    expect(await call('app.openPath', { path: path.join(dir, 'payload.sh') })).toMatchObject({
      opened: false,
      error: expect.stringMatching(/Only reports \(\.html, \.pdf, \.json\) are opened, not payload\.sh/),
    });
    await expect(call('app.openPath', { path: `${dir}/../x/report.html` })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    expect(opened).toEqual([]);
  });
});
