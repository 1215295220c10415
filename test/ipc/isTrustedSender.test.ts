import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/ipc/isTrustedSender';

const trusted = {
  appBundleUrl: 'app://signtrail/',
  devServerOrigin: 'http://localhost:5173',
};

describe('isTrustedSender', () => {
  it('trusts pages of the bundled renderer at app://signtrail/', () => {
    expect(isTrustedSender('app://signtrail/index.html', trusted)).toBe(true);
    expect(isTrustedSender('app://signtrail/index.html?filter=x#y', trusted)).toBe(true);
  });

  it('refuses other app:// hosts, including ones that share its prefix', () => {
    expect(isTrustedSender('app://other/index.html', trusted)).toBe(false);
    expect(isTrustedSender('app://signtrail.evil/index.html', trusted)).toBe(false);
    expect(isTrustedSender('app://signtrail@evil/index.html', trusted)).toBe(false);
    expect(isTrustedSender('app://evil/signtrail/index.html', trusted)).toBe(false);
    expect(isTrustedSender('app:signtrail/index.html', trusted)).toBe(false);
  });

  it('never trusts a file:// page, not even the built renderer on disk', () => {
    expect(isTrustedSender('file:///opt/SignTrail/resources/app.asar/dist/index.html', trusted)).toBe(false);
    expect(isTrustedSender('file:///home/me/Downloads/evil.html', trusted)).toBe(false);
    expect(
      isTrustedSender('file:///opt/SignTrail/resources/app.asar/dist/index.html', {
        appBundleUrl: 'file:///opt/SignTrail/resources/app.asar/dist/',
      }),
    ).toBe(false);
  });

  it('trusts the dev server origin only when one is configured', () => {
    expect(isTrustedSender('http://localhost:5173/', trusted)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', trusted)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', { ...trusted, devServerOrigin: null })).toBe(false);
  });

  it('refuses remote pages, empty and malformed URLs', () => {
    expect(isTrustedSender('https://example.com/', trusted)).toBe(false);
    expect(isTrustedSender('', trusted)).toBe(false);
    expect(isTrustedSender(undefined, trusted)).toBe(false);
    expect(isTrustedSender('not a url', trusted)).toBe(false);
  });
});
