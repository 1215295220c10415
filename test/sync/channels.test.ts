// The sources channels: arguments checked at the door (zod), then written through the write queue.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noJobContext } from '../../shared/handlers';
import { syncHandlers } from '../../electron/sync/handlers';
import { channels, parseArgs } from '../../shared/channels';
import { expectIntactStore } from './storeChecks';
import { syncCase, writeTokenFile, type SyncCase } from './syncCase';

const accepts = (args: unknown) => channels['sync.addSource'].args.safeParse(args).success;

describe('sync.addSource arguments', () => {
  it('accepts a folder source, and an http(s) source with a token variable, token file or CA file', () => {
    expect(parseArgs('sync.addSource', { name: 'share', folder: '/srv/drop' })).toEqual({
      name: 'share',
      folder: '/srv/drop',
    });
    expect(
      accepts({ name: 'platform.prod_1', url: 'https://audit.example.com/v1/events', tokenEnv: 'AUDIT_TOKEN' }),
    ).toBe(true);
    expect(accepts({ name: 'p', url: 'http://127.0.0.1:8080/events', tokenFile: '/home/u/.token' })).toBe(true);
    expect(accepts({ name: 'p', url: 'https://audit.corp/events', caFile: '/etc/corp-ca.pem' })).toBe(true);
  });

  it('a name is 1 to 64 of letters, digits, ".", "_" and "-"', () => {
    expect(accepts({ name: 'a'.repeat(64), folder: '/d' })).toBe(true);
    expect(accepts({ name: 'a'.repeat(65), folder: '/d' })).toBe(false);
    expect(accepts({ name: '', folder: '/d' })).toBe(false);
    for (const bad of ['with space', 'slash/name', 'semi;colon', 'ümlaut'])
      expect(() => parseArgs('sync.addSource', { name: bad, folder: '/d' })).toThrow(
        'sync.addSource: invalid argument name: a source name is 1-64 letters, digits, ".", "_" or "-"',
      );
  });

  it('takes exactly one of url and folder', () => {
    const message =
      'sync.addSource: invalid argument url: give exactly one of url (an audit API) or folder (a drop folder)';
    expect(() => parseArgs('sync.addSource', { name: 'x' })).toThrow(message);
    expect(() => parseArgs('sync.addSource', { name: 'x', url: 'https://a.example/e', folder: '/d' })).toThrow(message);
  });

  it('a url must parse as http or https', () => {
    for (const bad of [
      'not a url',
      'ftp://files.example.com/audit',
      'file:///etc/passwd',
      'javascript:alert(1)',
      '//host/x',
    ])
      expect(() => parseArgs('sync.addSource', { name: 'x', url: bad })).toThrow(
        'sync.addSource: invalid argument url: the URL must be an http:// or https:// address',
      );
  });

  it('a folder source takes no token or CA file, and a token comes from one place only', () => {
    expect(() => parseArgs('sync.addSource', { name: 'x', folder: '/d', tokenEnv: 'T' })).toThrow(
      'invalid argument folder: a folder source takes no token and no CA file',
    );
    expect(() =>
      parseArgs('sync.addSource', { name: 'x', url: 'https://a.example/e', tokenEnv: 'T', tokenFile: '/t' }),
    ).toThrow('invalid argument tokenFile: give the token either as tokenEnv or as tokenFile, not both');
    expect(() => parseArgs('sync.addSource', { name: 'x', url: 'https://a.example/e', tokenEnv: '1BAD' })).toThrow(
      'invalid argument tokenEnv',
    );
  });

  it('refuses unknown fields, such as a token in clear', () => {
    expect(() => parseArgs('sync.addSource', { name: 'x', url: 'https://a.example/e', token: 'secret' })).toThrow(
      'sync.addSource: invalid argument',
    );
  });
});

describe('sync.removeSource arguments', () => {
  it('takes a valid source name and nothing else', () => {
    expect(parseArgs('sync.removeSource', { name: 'share' })).toEqual({ name: 'share' });
    expect(() => parseArgs('sync.removeSource', {})).toThrow('sync.removeSource: invalid argument name');
    expect(() => parseArgs('sync.removeSource', { name: '../x' })).toThrow('invalid argument name');
    expect(() => parseArgs('sync.removeSource', { name: 'x', all: true })).toThrow(
      'sync.removeSource: invalid argument',
    );
  });
});

describe('sync.addSource and sync.removeSource handlers', () => {
  let c: SyncCase;
  beforeEach(() => {
    c = syncCase();
  });
  afterEach(() => c.db.close());

  it('add a folder and an http source, list them without token places, and remove one', async () => {
    const drop = path.join(c.dir, 'drop');
    fs.mkdirSync(drop);
    const tokenFile = writeTokenFile(c.dir, 'secret-token');
    const handlers = syncHandlers(c.store, { confirmations: c.confirmations });
    const folder = await handlers['sync.addSource'](parseArgs('sync.addSource', { name: 'share', folder: drop }));
    expect(folder).toEqual({
      name: 'share',
      kind: 'folder',
      location: drop,
      lastRunAt: null,
      lastAppended: null,
      lastError: null,
      confirmed: true,
    });
    const api = await handlers['sync.addSource'](
      parseArgs('sync.addSource', { name: 'platform', url: 'http://127.0.0.1:9/events', tokenFile }),
    );
    expect(api).toMatchObject({ name: 'platform', kind: 'http', location: 'http://127.0.0.1:9/events' });
    const listed = handlers['sync.sources'](parseArgs('sync.sources', {}), noJobContext());
    expect(listed.map((s) => s.name)).toEqual(['platform', 'share']);
    expect(JSON.stringify(listed)).not.toContain(tokenFile);

    expect(await handlers['sync.removeSource'](parseArgs('sync.removeSource', { name: 'share' }))).toEqual({
      removed: true,
    });
    expect(await handlers['sync.removeSource'](parseArgs('sync.removeSource', { name: 'share' }))).toEqual({
      removed: false,
    });
    expect(handlers['sync.sources'](parseArgs('sync.sources', {}), noJobContext()).map((s) => s.name)).toEqual([
      'platform',
    ]);
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
  });

  it('sync.addSource answers a sentence for what only the service can check: a missing folder, a taken name, plain http off this machine', async () => {
    const handlers = syncHandlers(c.store, { confirmations: c.confirmations });
    const missing = path.join(c.dir, 'no-such-folder');
    await expect(
      handlers['sync.addSource'](parseArgs('sync.addSource', { name: 'share', folder: missing })),
    ).rejects.toThrow(`${missing} is not a folder. Create it or give the right path.`);
    await handlers['sync.addSource'](parseArgs('sync.addSource', { name: 'share', folder: c.dir }));
    await expect(
      handlers['sync.addSource'](parseArgs('sync.addSource', { name: 'share', folder: c.dir })),
    ).rejects.toThrow('a source named share already exists; remove it first or choose another name.');
    await expect(
      handlers['sync.addSource'](parseArgs('sync.addSource', { name: 'remote', url: 'http://audit.example.com/e' })),
    ).rejects.toThrow('plain http:// is refused for audit.example.com');
    expect(handlers['sync.sources'](parseArgs('sync.sources', {}), noJobContext()).map((s) => s.name)).toEqual([
      'share',
    ]);
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
  });
});
