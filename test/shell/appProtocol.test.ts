// The app:// handler on a real folder: it answers the built renderer's files with the app's CSP,
// and refuses every way out of the folder: "..", percent-encoded and backslash variants, other
// hosts, symbolic links, NUL bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAppRequest, registerAppScheme } from '../../electron/window/appProtocol';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';

let root: string;
let dist: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-app-protocol-'));
  dist = path.join(root, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>SignTrail</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  // A secret beside the renderer folder, and a link inside it that points out.
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dist, 'link.txt'));
  // A folder link out of the renderer, and one that stays inside it.
  fs.symlinkSync(root, path.join(dist, 'up'), 'dir');
  fs.symlinkSync(path.join(dist, 'assets'), path.join(dist, 'same'), 'dir');
  for (const [name, body] of Object.entries(TYPED)) fs.writeFileSync(path.join(dist, 'assets', name), body[1]);
});

/** A built file of each kind and the type it must be answered with (module scripts need a JS type). */
const TYPED: Record<string, [type: string, body: string]> = {
  'worker-abc.js': ['text/javascript; charset=utf-8', 'self.onmessage = () => {}'],
  'chunk.mjs': ['text/javascript; charset=utf-8', 'export {}'],
  'index.css': ['text/css; charset=utf-8', 'body{}'],
  'data.json': ['application/json; charset=utf-8', '{}'],
  'icon.svg': ['image/svg+xml', '<svg/>'],
  'font.woff2': ['font/woff2', 'wOF2'],
  'index.js.map': ['application/json; charset=utf-8', '{}'],
  'blob.bin': ['application/octet-stream', 'x'],
  noext: ['application/octet-stream', 'x'],
};
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => answerAppRequest({ url, method }, dist, CONTENT_SECURITY_POLICY);

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme that does not bypass the CSP', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => calls.push(schemes) });
    expect(calls).toEqual([
      [
        {
          scheme: 'app',
          privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) as unknown,
        },
      ],
    ]);
  });

  it('serves the index and assets with the unchanged CSP and nosniff', async () => {
    for (const url of ['app://signtrail/', 'app://signtrail/index.html']) {
      const res = get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<title>SignTrail</title>');
    }
    const js = get('app://signtrail/assets/index-abc.js?v=1#x');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('refuses every path that leaves the renderer folder, never answering the secret', async () => {
    const attempts = [
      'app://x/../../etc/passwd',
      'app://signtrail/../../etc/passwd',
      'app://signtrail/..%2F..%2Fetc%2Fpasswd',
      'app://signtrail/%2e%2e/%2e%2e/etc/passwd',
      'app://signtrail/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://signtrail/..%5C..%5Cetc%5Cpasswd',
      'app://signtrail/assets/..%2f..%2f..%2fsecret.txt',
      'app://signtrail/..%2fsecret.txt',
      'app://signtrail/%2e%2e%2fsecret.txt',
      'app://signtrail/%252e%252e%252fsecret.txt',
      'app://signtrail/link.txt',
      'app://signtrail/index.html%00.png',
      'app://signtrail/%ff%fe',
      'app://signtrail//etc/passwd',
      `app://signtrail/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      'app://other/index.html',
    ];
    for (const url of attempts) {
      const res = get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      const body = await res.text();
      expect(body, url).not.toContain('TOP SECRET');
      expect(body, url).not.toContain('root:');
    }
    expect(get('app://x/../../etc/passwd').status).toBe(403);
    expect(get('app://signtrail/..%2F..%2Fetc%2Fpasswd').status).toBe(403);
  });

  it('answers every built file with its type, and every answer, refusals too, with the CSP and nosniff', async () => {
    for (const [name, [type, body]] of Object.entries(TYPED)) {
      const res = get(`app://signtrail/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe(type);
      expect(await res.text()).toBe(body);
    }
    expect(get('app://signtrail/same/index-abc.js').status).toBe(200);
    const answers = [
      'app://signtrail/',
      'app://signtrail/assets/index-abc.js',
      'app://signtrail/nope.js',
      'app://signtrail/assets/',
      'app://signtrail/../x',
      'app://other/',
      'app://signtrail/%E0%A4%A',
      'not-app://x',
    ].map((url) => [url, get(url)] as const);
    answers.push(['POST', get('app://signtrail/', 'POST')]);
    expect(new Set(answers.map(([, r]) => r.status))).toEqual(new Set([200, 400, 403, 404, 405]));
    for (const [url, res] of answers) {
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('content-type'), url).toMatch(/^[a-z]+\/[a-z0-9.+-]+/);
      expect(res.headers.get('cache-control'), url).toBe('no-store');
    }
  });

  it('refuses folder links out of the renderer, absolute paths in every spelling, and folders', async () => {
    for (const url of [
      'app://signtrail/up/secret.txt',
      'app://signtrail/%2Fetc%2Fpasswd',
      'app://signtrail/%2F%2Fetc%2Fpasswd',
      'app:///etc/passwd',
      'app://signtrail/C:%5CWindows%5Cwin.ini',
      'app://signtrail/%5C%5Cserver%5Cshare',
      `app://signtrail${root}/secret.txt`,
      'app://signtrail/assets',
      'app://signtrail/assets/',
      'app://signtrail/.%2e/secret.txt',
      'app://signtrail/%2E./secret.txt',
      'app://signtrail/assets/%2e%2E%2Fsecret.txt',
    ]) {
      const res = get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toMatch(/TOP SECRET|SignTrail<\/title>|root:/);
    }
  });

  it('answers only GET and HEAD', () => {
    expect(get('app://signtrail/index.html', 'POST').status).toBe(405);
    expect(get('app://signtrail/index.html', 'HEAD').status).toBe(200);
  });
});
