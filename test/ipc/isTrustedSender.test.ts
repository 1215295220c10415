import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/ipc/isTrustedSender';

const trusted = {
  appBundleUrl: 'file:///opt/SignTrail/resources/app.asar/dist/',
  devServerOrigin: 'http://localhost:5173',
};

describe('isTrustedSender', () => {
  it('trusts pages of the bundled renderer', () => {
    expect(isTrustedSender('file:///opt/SignTrail/resources/app.asar/dist/index.html', trusted)).toBe(true);
    expect(isTrustedSender('file:///opt/SignTrail/resources/app.asar/dist/index.html?filter=x#y', trusted)).toBe(true);
  });

  it('refuses other files, including ones that climb out of the bundle or share its prefix', () => {
    expect(isTrustedSender('file:///home/me/Downloads/evil.html', trusted)).toBe(false);
    expect(isTrustedSender('file:///opt/SignTrail/resources/app.asar/dist/../../evil.html', trusted)).toBe(false);
    expect(isTrustedSender('file:///opt/SignTrail/resources/app.asar/dist-evil/index.html', trusted)).toBe(false);
    expect(isTrustedSender('file://otherhost/opt/SignTrail/resources/app.asar/dist/index.html', trusted)).toBe(false);
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
