// Issue 9, the shell: the fuses the packaged binary gets (build/fuses.cjs, run by electron-builder
// as its afterPack hook) are the ones the issue lists, each a real option of @electron/fuses, and
// only better-sqlite3's native addon is left outside the asar the integrity fuse covers.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);

describe('Electron fuses', () => {
  it('turn off the Node runtime, NODE_OPTIONS, --inspect and file:// privileges; turn on asar integrity, asar only, cookie encryption', () => {
    const { FUSES } = require(path.join(root, 'build', 'fuses.cjs')) as { FUSES: Record<string, boolean> };
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
      EnableCookieEncryption: true,
    });
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };
    for (const name of Object.keys(FUSES)) expect(FuseV1Options[name], name).toBeTypeOf('number');
  });

  it('are flipped after packing, with everything but the native addon inside the asar', () => {
    const config = parse(fs.readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8')) as {
      afterPack?: string;
      asar?: boolean;
      asarUnpack?: string[] | string;
    };
    expect(config.afterPack).toBe('build/fuses.cjs');
    expect(config.asar).not.toBe(false);
    const unpacked = [config.asarUnpack ?? []].flat();
    for (const entry of unpacked) expect(entry, entry).toMatch(/better-sqlite3/);
  });
});
