import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/service/dispatch';
import { createJobRegistry } from '../../electron/service/jobRegistry';
import { createDesktopHandlers, type NativeDialogs } from '../../electron/desktop/handlers';
import type { CaseSession } from '../../electron/desktop/caseSession';
import { acceptDroppedPaths, createDesktopGuard, createPathGrants } from '../../electron/desktop/pathGrants';
import { createFakeService } from './fakeService';
import { tempDir } from '../helpers/tmp';

const appBundleUrl = 'app://signtrail/';
const trusted = { appBundleUrl, devServerOrigin: null };

function desktop(partial: Partial<NativeDialogs>, recent: string[] = []) {
  const dialogs: NativeDialogs = {
    openFiles: async () => [],
    save: async () => null,
    confirm: async () => false,
    ...partial,
  };
  const service = createFakeService();
  const grants = createPathGrants(() => recent);
  const opened: string[] = [];
  const cases = {
    service: () => service,
    recent: () => recent,
    open: (file: string) => opened.push(file),
  } as unknown as CaseSession;
  const deps = {
    service: () => service,
    jobs: createJobRegistry(),
    host: 'desktop' as const,
    shell: createDesktopHandlers(dialogs, cases, grants),
    guard: createDesktopGuard(grants, dialogs.confirm),
  };
  return { service, grants, opened, call: (channel: string, args: unknown) => dispatch(channel, args, deps) };
}

describe('path grants', () => {
  it('refuse a path the user never chose, before the service sees it', async () => {
    const { call, service } = desktop({ openFiles: async () => [], save: async () => null });
    await expect(call('import.files', { paths: ['/home/user/.ssh/id_ed25519'] })).rejects.toThrow(
      /Refused "import\.files": "\/home\/user\/\.ssh\/id_ed25519" was not chosen in a dialog or dropped on the window/,
    );
    await expect(call('export.run', { path: '/home/user/.bashrc' })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    await expect(call('case.open', { path: '/tmp/other.sqlite' })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    expect(service.calls).toEqual([]);
  });

  it('let through what the open dialog returned, for that use only, spelled as the dialog spelled it', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'exports'));
    const picked = path.join(dir, 'exports', 'march.csv');
    fs.writeFileSync(picked, 'Timestamp\n');
    const { call, service } = desktop({ openFiles: async () => [picked], save: async () => null });
    expect(await call('app.openFilesDialog', { purpose: 'import' })).toEqual([picked]);
    await call('import.files', { paths: [picked] });
    expect(service.calls.map((c) => c.channel)).toEqual(['import.files']);
    // Another spelling of it could pass through a symlink ("L/../march.csv" is not where L points).
    await expect(
      call('import.files', {
        paths: [`${path.join(dir, 'exports')}${path.sep}..${path.sep}exports${path.sep}march.csv`],
      }),
    ).rejects.toThrow(/is not an absolute, normalised path/);
    await expect(call('import.files', { paths: ['exports/march.csv'] })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    // Picked to import is not picked to be overwritten.
    await expect(call('export.run', { path: picked })).rejects.toMatchObject({ name: 'UngrantedPathError' });
    // One file of several not chosen refuses the whole call.
    await expect(call('import.files', { paths: [picked, '/etc/passwd'] })).rejects.toThrow(/"\/etc\/passwd"/);
  });

  it('let a saved-as file be exported to or opened as a new case, and a recent case be opened again', async () => {
    const saved = path.join(tempDir(), 'new.sqlite');
    const recent = path.resolve('/cases/old.sqlite');
    const { call, service, opened } = desktop({ openFiles: async () => [], save: async () => saved }, [recent]);
    await call('app.saveDialog', { defaultName: 'new.sqlite' });
    await call('export.run', { path: saved });
    await call('case.open', { path: saved });
    await call('case.open', { path: recent });
    expect(service.calls.map((c) => c.channel)).toEqual(['export.run']);
    expect(opened).toEqual([saved, recent]);
  });

  it('grant a dropped file only when the app page reports an absolute path', () => {
    const grants = createPathGrants(() => []);
    const accept = acceptDroppedPaths(grants, trusted);
    const event = (url: string) => ({ senderFrame: { url }, returnValue: undefined as unknown });
    const fromPage = event(`${appBundleUrl}index.html`);
    accept(fromPage, '/home/user/Downloads/audit.csv');
    expect(fromPage.returnValue).toBe(true);
    expect(grants.isGranted('/home/user/Downloads/audit.csv', 'import')).toBe(true);
    expect(grants.isGranted('/home/user/Downloads/audit.csv', 'export')).toBe(false);
    for (const [url, file] of [
      ['https://evil.example/', '/etc/shadow'],
      [`${appBundleUrl}index.html`, 'relative/file.csv'],
      [`${appBundleUrl}index.html`, 42],
    ] as const) {
      const e = event(url);
      accept(e, file);
      expect(e.returnValue).toBe(false);
    }
    expect(grants.isGranted('/etc/shadow', 'import')).toBe(false);
  });
});

describe('path grants for sync sources', () => {
  it("take a source's folder, token file and CA file only from the folder and file dialogs", async () => {
    const folder = tempDir();
    const tokenFile = path.join(tempDir(), 'token');
    const chosen: Record<string, string> = { folder, file: tokenFile };
    const { call, service } = desktop({ openFiles: async (purpose) => [chosen[purpose]], save: async () => null });
    const api = { name: 'platform', url: 'https://audit.example.com/events', tokenFile };
    await expect(call('sync.addSource', api)).rejects.toThrow(/"[^"]*token" was not chosen in a dialog/);
    await expect(call('sync.addSource', { name: 'drop', folder })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    expect(service.calls).toEqual([]);
    await call('app.openFilesDialog', { purpose: 'file' });
    await call('app.openFilesDialog', { purpose: 'folder' });
    await call('sync.addSource', api);
    await call('sync.addSource', { name: 'drop', folder });
    // A file picked for a source is not thereby picked to import or to overwrite.
    await expect(call('import.files', { paths: [tokenFile] })).rejects.toMatchObject({ name: 'UngrantedPathError' });
    expect(service.calls.map((c) => c.channel)).toEqual(['sync.addSource', 'sync.addSource']);
  });
});

describe('a source whose token is an environment variable', () => {
  it('is added only when the user says yes in a native box naming the variable and the host', async () => {
    const questions: string[] = [];
    let answer = false;
    const { call, service } = desktop({
      confirm: async (message, detail) => {
        questions.push(`${message} ${detail}`);
        return answer;
      },
    });
    const source = { name: 'platform', url: 'https://audit.example.com/events', tokenEnv: 'AWS_SECRET_ACCESS_KEY' };
    await expect(call('sync.addSource', source)).rejects.toThrow(
      /sending \$AWS_SECRET_ACCESS_KEY to audit\.example\.com was not allowed/,
    );
    expect(service.calls).toEqual([]);
    answer = true;
    await call('sync.addSource', source);
    expect(service.calls.map((c) => c.channel)).toEqual(['sync.addSource']);
    expect(questions[0]).toMatch(
      /^Send \$AWS_SECRET_ACCESS_KEY to audit\.example\.com\?.*https:\/\/audit\.example\.com\/events/,
    );
    // No variable, no question.
    await call('sync.addSource', { name: 'open', url: 'https://audit.example.com/public' });
    expect(questions).toHaveLength(2);
  });
});

describe('rule folders in the desktop app', () => {
  it('add only a folder chosen in the rule-folder dialog, and confirm a case’s folder only after a yes in a native box', async () => {
    const rules = tempDir();
    const questions: string[] = [];
    let answer = false;
    const { call, service } = desktop({
      openFiles: async (purpose) => (purpose === 'rules' ? [rules] : []),
      confirm: async (message, detail) => {
        questions.push(`${message} ${detail}`);
        return answer;
      },
    });
    await expect(call('detect.addFolder', { folder: rules, scope: 'case' })).rejects.toMatchObject({
      name: 'UngrantedPathError',
    });
    // A folder granted for a sync source is not thereby a rule folder.
    await call('app.openFilesDialog', { purpose: 'folder' });
    await expect(call('detect.addFolder', { folder: rules, scope: 'installation' })).rejects.toThrow(
      /was not chosen in a dialog/,
    );
    expect(service.calls).toEqual([]);
    await call('app.openFilesDialog', { purpose: 'rules' });
    await call('detect.addFolder', { folder: rules, scope: 'installation' });
    await expect(call('detect.confirmFolder', { folder: '/srv/theirs/rules' })).rejects.toThrow(
      'Refused "detect.confirmFolder": /srv/theirs/rules was not confirmed.',
    );
    expect(questions[0]).toMatch(/^Read the rule folder \/srv\/theirs\/rules\?.*may come from someone else/);
    answer = true;
    await call('detect.confirmFolder', { folder: '/srv/theirs/rules' });
    expect(service.calls.map((c) => c.channel)).toEqual(['detect.addFolder', 'detect.confirmFolder']);
  });
});
