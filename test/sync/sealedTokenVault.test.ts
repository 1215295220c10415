import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeySealer } from '../../electron/integrity/keys';
import { createService } from '../../electron/service/service';
import { noJobContext } from '../../shared/handlers';
import type { Service } from '../../electron/service/types';
import { SEALED_TOKENS_FILE, sealedTokenVault } from '../../electron/sync/sealedTokenVault';
import { addSource } from '../../electron/sync/sources';
import { parseArgs, type ChannelArgs, type ServiceChannel } from '../../shared/channels';
import { startFakeAuditApi, type FakeAuditApi } from './fakeAuditApi';
import { expectIntactStore } from './storeChecks';
import { FAST, platformEvents, syncCase, writeTokenFile, type SyncCase } from './syncCase';

/** Stands in for safeStorage: AES-256-GCM under a key of the test, so sealed bytes look nothing like the token. */
function aesSealer(key = crypto.randomBytes(32)): KeySealer {
  return {
    kind: 'test-aes-gcm',
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    unseal(sealed) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The token must appear in no file, neither raw nor in the encodings a careless writer would use. */
function expectNoClearToken(dir: string, token: string): void {
  const files = filesUnder(dir);
  expect(files.length).toBeGreaterThan(0);
  const forms = [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('hex')];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    for (const form of forms) expect(bytes.includes(form), `${form} found in ${file}`).toBe(false);
  }
}

let c: SyncCase;
let api: FakeAuditApi;
const TOKEN = 'tok-' + crypto.randomBytes(18).toString('base64url');

beforeEach(async () => {
  c = syncCase();
  api = await startFakeAuditApi(platformEvents(23), TOKEN);
});
afterEach(() => c.db.close());

describe('sealed token vault', () => {
  it('gives back the token it was given, and null for a source it holds none for', async () => {
    const vault = sealedTokenVault(c.home, aesSealer(), c.storePath);
    await vault.set('platform', TOKEN);
    await vault.set('other', 'second-token');
    expect(await vault.get('platform')).toBe(TOKEN);
    expect(await vault.get('other')).toBe('second-token');
    expect(await vault.get('unknown')).toBeNull();
  });

  it('keeps the tokens of two cases apart, and a new vault on the same home reads them back', async () => {
    const sealer = aesSealer();
    await sealedTokenVault(c.home, sealer, '/cases/a.sqlite').set('platform', 'token-a');
    await sealedTokenVault(c.home, sealer, '/cases/b.sqlite').set('platform', 'token-b');
    expect(await sealedTokenVault(c.home, sealer, '/cases/a.sqlite').get('platform')).toBe('token-a');
    expect(await sealedTokenVault(c.home, sealer, '/cases/b.sqlite').get('platform')).toBe('token-b');
  });

  it.skipIf(process.platform === 'win32')(
    'writes the tokens file at mode 0600, and no temporary file is left',
    async () => {
      const vault = sealedTokenVault(c.home, aesSealer(), c.storePath);
      await vault.set('platform', TOKEN);
      await vault.set('platform', TOKEN + '-renewed');
      const file = path.join(c.home, SEALED_TOKENS_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(c.home).filter((name) => name.includes(SEALED_TOKENS_FILE))).toEqual([SEALED_TOKENS_FILE]);
    },
  );

  it('stores base64 of the sealed bytes, per case and source name, never the token itself', async () => {
    const sealer = aesSealer();
    await sealedTokenVault(c.home, sealer, c.storePath).set('platform', TOKEN);
    const content = JSON.parse(fs.readFileSync(path.join(c.home, SEALED_TOKENS_FILE), 'utf8'));
    expect(content).toMatchObject({ version: 1, sealing: 'test-aes-gcm' });
    const sealed = Buffer.from(content.cases[c.storePath].platform, 'base64');
    expect(sealer.unseal(sealed).toString('utf8')).toBe(TOKEN);
    expectNoClearToken(c.home, TOKEN);
  });

  it('forgets a token, and keeps the others', async () => {
    const vault = sealedTokenVault(c.home, aesSealer(), c.storePath);
    await vault.set('platform', TOKEN);
    await vault.set('other', 'second-token');
    await vault.forget!('platform');
    expect(await vault.get('platform')).toBeNull();
    expect(await vault.get('other')).toBe('second-token');
  });

  it('says to set the token again when the OS keystore cannot open it', async () => {
    await sealedTokenVault(c.home, aesSealer(), c.storePath).set('platform', TOKEN);
    const otherKeystore = sealedTokenVault(c.home, aesSealer(), c.storePath);
    await expect(otherKeystore.get('platform')).rejects.toThrow(
      /^the token for source platform is sealed in .*sync-tokens\.json but the OS keystore could not open it \(.+\)\. Set the token again in the sources dialog\.$/,
    );
  });

  it('refuses a tokens file it did not write, naming the file', async () => {
    fs.mkdirSync(c.home, { recursive: true });
    fs.writeFileSync(path.join(c.home, SEALED_TOKENS_FILE), '{"platform":"clear"}');
    await expect(sealedTokenVault(c.home, aesSealer(), c.storePath).get('platform')).rejects.toThrow(
      `the sealed tokens file ${path.join(c.home, SEALED_TOKENS_FILE)} is not one SignTrail wrote`,
    );
  });
});

describe('the service with a sealed vault (as the desktop app runs it)', () => {
  let service: Service;
  let sealer: KeySealer;
  const call = <C extends ServiceChannel>(channel: C, args: ChannelArgs<C>) =>
    service.invoke(channel, parseArgs(channel, args), noJobContext());

  beforeEach(() => {
    sealer = aesSealer();
    service = createService({
      storePath: c.storePath,
      home: c.home,
      sync: { vault: sealedTokenVault(c.home, sealer, c.storePath), http: FAST },
    });
  });
  afterEach(() => service.close());

  it('syncs from a real 127.0.0.1 server with the sealed token as the bearer, and writes it in clear nowhere', async () => {
    await call('sync.addSource', { name: 'platform', url: api.url });
    expect(await call('sync.setToken', { name: 'platform', token: TOKEN })).toEqual({ stored: true });
    const [report] = await call('sync.run', { source: 'platform' });
    expect(report).toMatchObject({ appended: 23, error: null });
    expect(api.requests.length).toBeGreaterThan(0);
    for (const request of api.requests) expect(request.authorization).toBe(`Bearer ${TOKEN}`);
    c.db.pragma('wal_checkpoint(TRUNCATE)');
    expectNoClearToken(c.dir, TOKEN);
    await expectIntactStore(c.db, c.signer.verifierKey, 23);
  });

  it('still reads the environment variable of a source that names one', async () => {
    process.env.SIGNTRAIL_TEST_SEALED_VAULT_ENV = TOKEN;
    try {
      await call('sync.addSource', { name: 'platform', url: api.url, tokenEnv: 'SIGNTRAIL_TEST_SEALED_VAULT_ENV' });
      const [report] = await call('sync.run', { source: 'platform' });
      expect(report).toMatchObject({ appended: 23, error: null });
      expect(api.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      delete process.env.SIGNTRAIL_TEST_SEALED_VAULT_ENV;
    }
    await expectIntactStore(c.db, c.signer.verifierKey, 23);
  });

  it('still reads the 0600 file of a source that names one', async () => {
    const file = writeTokenFile(c.dir, TOKEN, 0o600);
    await call('sync.addSource', { name: 'platform', url: api.url, tokenFile: file });
    const [report] = await call('sync.run', { source: 'platform' });
    expect(report).toMatchObject({ appended: 23, error: null });
    expect(api.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    await expectIntactStore(c.db, c.signer.verifierKey, 23);
  });

  it('names the sources dialog when the sealed token is refused', async () => {
    await call('sync.addSource', { name: 'platform', url: api.url });
    await call('sync.setToken', { name: 'platform', token: 'expired-token' });
    const [report] = await call('sync.run', { source: 'platform' });
    expect(report.error).toMatch(
      /^the token for source platform was refused \(401\): set a valid token in the sources dialog/,
    );
    await expectIntactStore(c.db, c.signer.verifierKey, 0);
  });

  it('forgets the sealed token when its source is removed: a new source of that name starts without one', async () => {
    await call('sync.addSource', { name: 'platform', url: api.url });
    await call('sync.setToken', { name: 'platform', token: TOKEN });
    expect(await call('sync.removeSource', { name: 'platform' })).toEqual({ removed: true });
    expect(await sealedTokenVault(c.home, sealer, c.storePath).get('platform')).toBeNull();
  });

  it('refuses a token for a source that does not exist, is a folder, or reads its token elsewhere', async () => {
    await expect(call('sync.setToken', { name: 'nobody', token: TOKEN })).rejects.toThrow(
      'this case has no source named nobody.',
    );
    fs.mkdirSync(path.join(c.dir, 'drop'));
    await call('sync.addSource', { name: 'share', folder: path.join(c.dir, 'drop') });
    await expect(call('sync.setToken', { name: 'share', token: TOKEN })).rejects.toThrow(
      'source share is a drop folder; a folder source takes no token.',
    );
    await call('sync.addSource', { name: 'platform', url: api.url, tokenEnv: 'AUDIT_TOKEN' });
    await expect(call('sync.setToken', { name: 'platform', token: TOKEN })).rejects.toThrow(
      'source platform reads its token from $AUDIT_TOKEN, so a sealed token would not be used.',
    );
    expect(fs.existsSync(path.join(c.home, SEALED_TOKENS_FILE))).toBe(false);
  });

  it('refuses a token with a line break or space before it reaches the vault, without echoing it', () => {
    const refusal = (token: string) => {
      try {
        parseArgs('sync.setToken', { name: 'platform', token });
      } catch (err) {
        return err as Error;
      }
      throw new Error('the token was accepted');
    };
    const injected = refusal('abc-secret\r\nX-Injected: 1');
    expect(injected.message).toBe(
      'sync.setToken: invalid argument token: a token is 1-4096 visible ASCII characters, without spaces or line breaks',
    );
    const long = refusal('long-secret-' + 'x'.repeat(4090));
    expect(long.message).toMatch(/token/);
    // Neither the message nor anything else the error carries repeats the token.
    for (const [error, secret] of [
      [injected, 'abc-secret'],
      [long, 'long-secret-'],
    ] as const) {
      const everything = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error.cause ?? '');
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain('X-Injected');
    }
  });
});

it('a service without an OS keystore refuses to store a token, and says what to use instead', async () => {
  const service = createService({ storePath: c.storePath, home: c.home });
  try {
    addSource(c.db, { name: 'platform', url: api.url });
    await expect(
      service.invoke('sync.setToken', parseArgs('sync.setToken', { name: 'platform', token: TOKEN }), noJobContext()),
    ).rejects.toThrow(
      'this app has no OS keystore to seal the token for source platform (Electron safeStorage is unavailable). Give the token through an environment variable or a file with mode 0600 instead.',
    );
  } finally {
    service.close();
  }
});
