// Browser mode: the journal channels over HTTP, and an evidence package handed over as one .tar
// download, unpacked with the system's tar and checked by its own verify.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveStore } from '../../electron/serve/serveStore';
import type { RunningServer } from '../../electron/serve/startServer';
import { importedCase } from './cliHelpers';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the journal and evidence packages in browser mode', () => {
  it('tags over HTTP, refuses a page-named folder, and downloads a package that verifies', async () => {
    const { store, home, dir } = await importedCase();
    server = await serveStore({ storePath: store, home, staticDir: null });
    const post = async (route: string, body: unknown) =>
      (await fetch(`http://127.0.0.1:${server!.port}/api/${route}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server!.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as { ok: boolean; value: never; error?: string };

    const tagged = await post('journal.add', { kind: 'tag', body: { name: 'suspicious' }, seqs: [2, 3] });
    expect(tagged.ok, tagged.error).toBe(true);
    expect((await post('journal.tags', {})).value).toEqual([{ name: 'suspicious', events: 2 }]);
    const refused = await post('evidence.make', { out: path.join(dir, 'evil') });
    expect(refused.ok).toBe(false);
    expect(fs.existsSync(path.join(dir, 'evil'))).toBe(false);

    const made = (await post('evidence', { filter: { tags: ['suspicious'] } })) as {
      ok: boolean;
      error?: string;
      value: { summary: { events: number; folder: string }; files: { name: string; url: string }[] };
    };
    expect(made.ok, made.error).toBe(true);
    expect(made.value.summary.events).toBe(2);
    expect(made.value.files).toHaveLength(1);
    const tar = await fetch(`http://127.0.0.1:${server.port}${made.value.files[0].url}`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    const file = path.join(dir, made.value.files[0].name);
    fs.writeFileSync(file, Buffer.from(await tar.arrayBuffer()));
    const unpack = path.join(dir, 'unpacked');
    fs.mkdirSync(unpack);
    expect(spawnSync('tar', ['-xf', file, '-C', unpack]).status).toBe(0);
    const pkg = path.join(unpack, made.value.summary.folder);
    const run = spawnSync(process.execPath, [path.join(pkg, 'verify.mjs'), pkg], { encoding: 'utf8' });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/VERIFIED: 2 events and 1 journal entries/);
  });
});
