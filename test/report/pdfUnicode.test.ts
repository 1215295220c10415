// PDF reports print names in any script DejaVu Sans covers (Cyrillic, Greek, Hebrew, Arabic
// letters, many symbols and some emoji) as themselves, and what it lacks (CJK ideographs, most
// emoji) as a visible U+FFFD, never as an empty box or a silently dropped character. Read back
// with pdftotext from a report on a real store.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { FONT_FILES, fontPath, MISSING_GLYPH, pdfText } from '../../electron/report/pdf';
import { createService } from '../../electron/service/service';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { parseArgs } from '../../shared/channels';
import { noJobContext } from '../../shared/handlers';
// @ts-expect-error plain JS build script without types
import { buildNode } from '../../scripts/build-node.js';

const NAMES = {
  cyrillic: 'Пётр Иванов',
  greek: 'Αλέξανδρος Παπαδόπουλος',
  hebrew: 'דוד',
  cjk: '山田太郎',
  emojiCovered: 'bot 😀',
  emojiMissing: 'crab 🦀',
};

let dir: string;
let text: string;
let storePath: string;
let home: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'signtrail-pdf-unicode-'));
  home = path.join(dir, 'home');
  const actors = Object.values(NAMES);
  const lines = actors.map((actor, i) =>
    JSON.stringify({
      id: `u-${i}`,
      timestamp: `2026-03-0${i + 1}T10:00:00.000000Z`,
      actor: { id: actor, type: 'user' },
      // The first three are denied logins (sampled by PCI DSS 10.2.1.4), the others key
      // generations (sampled by 10.2.1.2): each actor's name is in a sample.
      action: i < 3 ? 'USER_LOGIN' : 'KEY_GENERATED',
      entity: { type: 'Key', id: `ключ-${i}`, name: `κλειδί ${actor}` },
      status: i < 3 ? 'DENIED' : 'SUCCESS',
      details: {},
    }),
  );
  const file = path.join(dir, 'unicode.ndjson');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  storePath = path.join(dir, 'case.sqlite');
  const db = openStore(storePath);
  try {
    expect((await importFile(db, file, { signer: createSigner(loadOrCreateSigningKey(home)) })).rejected).toBeNull();
  } finally {
    db.close();
  }
  const service = createService({ storePath, home });
  const out = path.join(dir, 'report.pdf');
  try {
    await service.invoke(
      'report.run',
      parseArgs('report.run', { framework: 'pci-dss-4', format: 'pdf', path: out }),
      noJobContext(),
    );
  } finally {
    service.close();
  }
  text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('PDF text in any script', () => {
  it('prints Cyrillic, Greek, Hebrew and a covered emoji as themselves', () => {
    for (const name of [NAMES.cyrillic, NAMES.greek, NAMES.hebrew, NAMES.emojiCovered]) expect(text).toContain(name);
  });

  it('prints CJK and an emoji DejaVu lacks as U+FFFD, one per character', () => {
    expect(MISSING_GLYPH).toBe('\uFFFD');
    expect(text).toContain('\uFFFD'.repeat(4));
    expect(text).not.toContain(NAMES.cjk);
    expect(text).toContain('crab \uFFFD');
    expect(text).not.toContain('🦀');
  });

  it('still carries the report itself', () => {
    expect(text).toContain('FAILURE or DENIED events: 3');
    expect(text).toContain('administrative actions: 3');
  });

  it('replaces control characters and only what the font lacks', () => {
    expect(pdfText('a\u0007b\u009bc\td\ne')).toBe('a\uFFFDb\uFFFDc\td\ne');
    expect(pdfText('→ ≥ — Ж λ', 'MONO')).toBe('→ ≥ — Ж λ');
    expect(pdfText('漢')).toBe('\uFFFD');
  });

  it('the fonts come from the package or from beside the bundle', () => {
    for (const file of Object.values(FONT_FILES)) expect(fs.statSync(fontPath(file)).size).toBeGreaterThan(100_000);
  });
});

describe('the built command line', () => {
  it('embeds the fonts copied beside its bundle, with no font package installed', async () => {
    // Laid out as shipped: the bundles and their fonts/, and only the two packages loaded at run time.
    const app = path.join(dir, 'app');
    await buildNode({ outDir: path.join(app, 'dist-electron'), quiet: true });
    for (const file of Object.values(FONT_FILES))
      expect(fs.existsSync(path.join(app, 'dist-electron/fonts', file))).toBe(true);
    fs.mkdirSync(path.join(app, 'node_modules'));
    for (const pkg of ['pdfkit', 'better-sqlite3'])
      fs.symlinkSync(path.resolve(__dirname, '../../node_modules', pkg), path.join(app, 'node_modules', pkg), 'dir');
    const out = path.join(dir, 'cli.pdf');
    const run = spawnSync(
      process.execPath,
      [
        path.join(app, 'dist-electron/cli.js'),
        'report',
        '--store',
        storePath,
        '--framework',
        'pci-dss-4',
        '--format',
        'pdf',
        '--out',
        out,
      ],
      { encoding: 'utf8', env: { ...process.env, SIGNTRAIL_HOME: home } },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const cliText = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    expect(cliText).toContain(NAMES.cyrillic);
    expect(cliText).toContain('crab \uFFFD');
  }, 120_000);
});
