import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSettings, rememberRecentCase, writeSettings } from '../../electron/desktop/settings';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-settings-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('desktop settings file', () => {
  it('starts empty when there is no file', () => {
    expect(readSettings(path.join(dir, 'settings.json'))).toEqual({ settings: { recentCases: [] }, problem: null });
  });

  it('round-trips the recent cases, most recent first, each once, at most ten', () => {
    const file = path.join(dir, 'settings.json');
    let settings = readSettings(file).settings;
    for (let i = 0; i < 12; i++) settings = rememberRecentCase(settings, path.join(dir, `case-${i}.sqlite`));
    settings = rememberRecentCase(settings, path.join(dir, 'case-5.sqlite'));
    writeSettings(file, settings);
    const read = readSettings(file).settings.recentCases.map((p) => path.basename(p));
    expect(read).toEqual([
      'case-5.sqlite',
      'case-11.sqlite',
      'case-10.sqlite',
      'case-9.sqlite',
      'case-8.sqlite',
      'case-7.sqlite',
      'case-6.sqlite',
      'case-4.sqlite',
      'case-3.sqlite',
      'case-2.sqlite',
    ]);
  });

  it('falls back to defaults, saying why, when the file is not JSON or has the wrong shape', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"recentCases": [');
    expect(readSettings(file).problem).toMatch(/settings\.json is not valid JSON .*; using defaults\./);
    fs.writeFileSync(file, '{"recentCases": [42]}');
    const read = readSettings(file);
    expect(read.settings.recentCases).toEqual([]);
    expect(read.problem).toMatch(/recentCases\.0: .*using defaults/);
  });
});
