// The command line is a door and nothing more: it parses flags, sends channels through the one
// dispatcher in electron/service/dispatch.ts, and prints. It reaches no feature module (sync,
// integrity, store, ...) itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as dispatchModule from '../../electron/service/dispatch';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

vi.mock('../../electron/service/dispatch', async (importOriginal) => {
  const real = await importOriginal<typeof dispatchModule>();
  return { ...real, dispatch: vi.fn(real.dispatch) };
});
const dispatch = vi.mocked(dispatchModule.dispatch);
afterEach(() => dispatch.mockClear());

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI_DIR = path.join(ROOT, 'electron/cli');

/** What the CLI may import besides its own files, shared/ and node: the service's entrance. */
const ENTRANCE = [
  'electron/service/dispatch.ts',
  'electron/service/jobRegistry.ts',
  'electron/service/service.ts',
  'electron/service/homeHandlers.ts',
  'electron/service/types.ts',
  // `signtrail serve` starts the browser door, which reaches the service through the same dispatcher.
  'electron/serve/serveStore.ts',
  'electron/version.ts',
];

/** Every module specifier in a file: static imports and exports, and dynamic import(). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

function resolveFromCli(spec: string): string {
  const absolute = path.resolve(CLI_DIR, spec);
  const file = fs.existsSync(`${absolute}.ts`) ? `${absolute}.ts` : absolute;
  return path.relative(ROOT, file).split(path.sep).join('/');
}

describe('electron/cli is transport only', () => {
  it('imports nothing but its own files, shared/, node: and the service entrance', () => {
    const reached: string[] = [];
    for (const name of fs.readdirSync(CLI_DIR).filter((f) => f.endsWith('.ts'))) {
      const source = fs.readFileSync(path.join(CLI_DIR, name), 'utf8');
      for (const spec of specifiers(source)) {
        if (spec.startsWith('node:') || !spec.startsWith('.')) continue;
        const target = resolveFromCli(spec);
        reached.push(target);
        if (target.startsWith('electron/cli/') || target.startsWith('shared/')) continue;
        expect(ENTRANCE, `electron/cli/${name} imports ${target}`).toContain(target);
      }
    }
    // The scan sees the imports it must judge (a broken pattern would pass everything).
    expect(reached).toEqual(expect.arrayContaining(['electron/service/dispatch.ts', 'shared/channels.ts']));
    expect(reached.length).toBeGreaterThan(20);
  });

  it('finds a forbidden import when there is one (the scan is not blind)', () => {
    const specs = specifiers(
      `import { addSource } from '../sync/sources';\nconst k = await import('../integrity/keys');\nexport { x } from '../store/db';`,
    );
    expect(specs.map(resolveFromCli)).toEqual([
      'electron/sync/sources.ts',
      'electron/store/db.ts',
      'electron/integrity/keys.ts',
    ]);
  });

  it('sources add/list/confirm/remove, sync, key and demo each reach the dispatcher as the command line', async () => {
    const dir = tempDir();
    process.env.SIGNTRAIL_HOME = path.join(dir, 'home');
    const store = path.join(dir, 'case.sqlite');
    const drop = path.join(dir, 'drop');
    fs.mkdirSync(drop);
    const calls = async (...argv: string[]) => {
      dispatch.mockClear();
      const run = await cli(...argv);
      expect(run, argv.join(' ')).toMatchObject({ code: 0, err: '' });
      for (const call of dispatch.mock.calls) expect(call[2]).toMatchObject({ host: 'cli' });
      return dispatch.mock.calls.map((c) => c[0]);
    };
    expect(await calls('sources', 'add', '--store', store, '--name', 'share', '--folder', drop)).toEqual([
      'sync.addSource',
    ]);
    expect(await calls('sources', 'confirm', '--store', store, '--name', 'share')).toEqual([
      'sync.sources',
      'sync.confirmSource',
    ]);
    expect(await calls('sync', '--store', store)).toEqual(['sync.sources', 'sync.run']);
    expect(await calls('sources', 'remove', '--store', store, '--name', 'share')).toEqual(['sync.removeSource']);
    expect(await calls('key')).toEqual(['key.verifier']);
    expect(await calls('demo', '--store', path.join(dir, 'demo.sqlite'), '--events', '50')).toEqual(['demo.create']);
    dispatch.mockClear();
    // detect exits 1 when a rule hits; either way it asked the dispatcher, not the service beside it.
    expect([0, 1]).toContain((await cli('detect', '--store', path.join(dir, 'demo.sqlite'), '--json')).code);
    expect(dispatch.mock.calls.map((c) => [c[0], (c[2] as { host: string }).host])).toEqual([['detect.run', 'cli']]);
  });
});
