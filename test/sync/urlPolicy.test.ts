import { afterEach, beforeEach, expect, it } from 'vitest';
import { addSource } from '../../electron/sync/sources';
import { checkSourceUrl, isLoopbackHost } from '../../electron/sync/urlPolicy';
import { expectIntactStore } from './storeChecks';
import { syncCase, type SyncCase } from './syncCase';

let c: SyncCase;
beforeEach(() => {
  c = syncCase();
});
afterEach(() => c.db.close());

it('allows plain http only to loopback addresses', () => {
  for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '[::1]']) {
    expect(checkSourceUrl(`http://${host}:8080/events`).hostname).toBe(host);
  }
  expect(isLoopbackHost('10.0.0.1')).toBe(false);
  expect(isLoopbackHost('128.0.0.1')).toBe(false);
  expect(isLoopbackHost('localhost.example.com')).toBe(false);
});

it('refuses plain http to another machine, with the reason and the fix', async () => {
  expect(() => addSource(c.db, { name: 'platform', url: 'http://signing.example.com/api/events' })).toThrow(
    'plain http:// is refused for signing.example.com: the token and the events would cross the network unencrypted. Use https://, or http:// only to this machine (127.0.0.1, ::1, localhost).',
  );
  expect(() => checkSourceUrl('http://10.1.2.3/events')).toThrow(/plain http:\/\/ is refused for 10\.1\.2\.3/);
  await expectIntactStore(c.db, c.signer.verifierKey, 0);
});

it('accepts https anywhere and refuses other schemes and embedded credentials', () => {
  expect(checkSourceUrl('https://signing.example.com/api/events').protocol).toBe('https:');
  expect(() => checkSourceUrl('ftp://example.com/x')).toThrow(/scheme ftp: is not supported/);
  expect(() => checkSourceUrl('https://bob:pw@example.com/x')).toThrow(/carries a user name or password/);
  expect(() => checkSourceUrl('signing.example.com')).toThrow(/is not a URL/);
});
