import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasValidToken, isAllowedHost, isAllowedOrigin, newSessionToken } from '../../electron/serve/guards';
import { resolveStaticPath } from '../../electron/serve/staticFiles';
import { attachmentHeader } from '../../electron/serve/exportDownloads';

describe('browser mode guards', () => {
  it('accepts only the loopback names at this port as Host', () => {
    expect(isAllowedHost('127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedHost('LOCALHOST:8080', 8080)).toBe(true);
    expect(isAllowedHost('127.0.0.1:8081', 8080)).toBe(false);
    expect(isAllowedHost('attacker.example:8080', 8080)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 8080)).toBe(false);
    expect(isAllowedHost(undefined, 8080)).toBe(false);
  });

  it('accepts no Origin, or exactly our own', () => {
    expect(isAllowedOrigin(undefined, 8080)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedOrigin('http://localhost:8080', 8080)).toBe(true);
    expect(isAllowedOrigin('null', 8080)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:8080', 8080)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8080.evil.example', 8080)).toBe(false);
  });

  it('accepts only "Bearer <the token>"', () => {
    const token = newSessionToken();
    expect(hasValidToken(`Bearer ${token}`, token)).toBe(true);
    expect(hasValidToken(token, token)).toBe(false);
    expect(hasValidToken(`Bearer ${token}x`, token)).toBe(false);
    expect(hasValidToken(undefined, token)).toBe(false);
    expect(hasValidToken('Bearer ', token)).toBe(false);
  });

  it('makes a different 32-byte token each time', () => {
    const a = newSessionToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newSessionToken()).not.toBe(a);
  });

  it('resolves static paths inside the folder only, including through symlinks', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-static-'));
    const dist = path.join(root, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'index.html'), 'x');
    fs.writeFileSync(path.join(root, 'outside.txt'), 'secret');
    fs.symlinkSync(path.join(root, 'outside.txt'), path.join(dist, 'link.txt'));
    expect(resolveStaticPath(dist, '/')).toBe(fs.realpathSync(path.join(dist, 'index.html')));
    expect(resolveStaticPath(dist, '/../outside.txt')).toBeNull();
    expect(resolveStaticPath(dist, '/%2e%2e/outside.txt')).toBeNull();
    expect(resolveStaticPath(dist, '/link.txt')).toBeNull();
    expect(resolveStaticPath(dist, '/index.html%00.png')).toBeNull();
    expect(resolveStaticPath(dist, '/%E0%A4%A')).toBeNull();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('names downloads safely in Content-Disposition', () => {
    expect(attachmentHeader('export "1".csv')).toBe(
      `attachment; filename="export _1_.csv"; filename*=UTF-8''export%20%221%22.csv`,
    );
  });
});

describe('browser mode and rule folders', () => {
  it('refuses adding or confirming a rule folder, with the command to use instead', async () => {
    const { refusedInBrowserMode } = await import('../../electron/serve/guards');
    for (const channel of ['detect.addFolder', 'detect.confirmFolder']) {
      const refusal = refusedInBrowserMode(channel, { folder: '/etc', scope: 'case' });
      expect(refusal).toContain('may not name folders on this machine');
      expect(refusal).toContain('signtrail rules add');
      expect(refusal).toContain('signtrail rules confirm --store FILE DIR');
    }
    // Listing and removing name nothing new: allowed.
    expect(refusedInBrowserMode('detect.folders', {})).toBeNull();
    expect(refusedInBrowserMode('detect.removeFolder', { folder: '/x', scope: 'case' })).toBeNull();
  });
});
