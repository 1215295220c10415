// The Electronegativity gate of `npm run check` (scripts/electronegativity.js) must be able to
// fail: run on a small app that makes the classic mistakes, it reports them as blocking, and an
// acceptance covers only the files it names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS script without types
import { ACCEPTED, judge, scan } from '../../scripts/electronegativity.js';

interface Finding {
  id: string;
  severity: string;
  file: string;
}

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-electronegativity-test-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('the Electronegativity gate', () => {
  it('blocks an app with no isolation, no sandbox, middle-click windows and no navigation limits', () => {
    fs.mkdirSync(path.join(base, 'electron'));
    fs.writeFileSync(
      path.join(base, 'electron', 'main.js'),
      `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
win.loadURL('file:///index.html');
`,
    );
    const findings = scan(['electron'], base) as Finding[];
    const { blocking } = judge(findings) as { blocking: Finding[] };
    const ids = blocking.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'AUXCLICK_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
      ]),
    );
    expect(blocking.every((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')).toBe(true);
  });

  it('accepts a finding only in the files its reason covers', () => {
    const preload = (file: string): Finding => ({ id: 'PRELOAD_JS_CHECK', severity: 'MEDIUM', file });
    const verdict = judge([
      preload('electron/window/createMainWindow.ts'),
      preload('electron/window/somewhereElse.ts'),
      { id: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'x.ts' },
    ]) as { blocking: Finding[]; accepted: Finding[]; other: Finding[] };
    expect(verdict.accepted.map((f) => f.file)).toEqual(['electron/window/createMainWindow.ts']);
    expect(verdict.blocking.map((f) => f.file)).toEqual(['electron/window/somewhereElse.ts']);
    expect(verdict.other).toHaveLength(1);
    for (const entry of Object.values(ACCEPTED) as { reason: string }[])
      expect(entry.reason.length).toBeGreaterThan(80);
  });
});
