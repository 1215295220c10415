import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS script without types
import { findElectron } from '../../scripts/start.js';

describe('npm start', () => {
  it('finds the Electron binary, or names the reason it cannot, in one line', () => {
    const found = findElectron() as { binary?: string; reason?: string };
    if (found.binary) expect(fs.existsSync(found.binary)).toBe(true);
    else expect(found.reason).toMatch(/^[^\n]+$/);
  });
});
