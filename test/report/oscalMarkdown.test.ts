// OSCAL's description, remarks and title fields are Markdown: a viewer renders them. A case file is
// hostile input, so an actor or detail written there must come out of a Markdown renderer as the
// same text — not a link with a hidden target, an image the viewer fetches, raw HTML or emphasis.
// markdown-it (CommonMark with raw HTML allowed) stands in for the viewer. A viewer that also links
// bare URLs (GFM's autolink extension) shows such a link's target as its text: visible, not hidden.
import MarkdownIt from 'markdown-it';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/ingest/importer';
import { loadOrCreateSigningKey } from '../../electron/integrity/keys';
import { verifyStore } from '../../electron/integrity/verifyStore';
import { buildReport } from '../../electron/report/buildReport';
import { markdownText, renderOscal } from '../../electron/report/oscal';
import { createSigner } from '../../electron/store/checkpoints';
import { openStore } from '../../electron/store/db';
import { tempDir } from '../helpers/tmp';
import { HOSTILE, writeKnownCase } from './knownCase';

const md = new MarkdownIt({ html: true });

const VALUES = [
  HOSTILE,
  '[click here](https://evil.example/steal)',
  '![](https://evil.example/pixel.png)',
  '<https://evil.example/auto>',
  '`code` **bold** _em_ ~~gone~~ | a | b |',
  '\\[not escaped\\](x)',
  '&lt;img src=x&gt; &#x3C;b&#x3E;',
  '{#id .class} <!-- comment -->',
];

describe('case text in OSCAL markup fields', () => {
  it.each(VALUES)('%j renders as its own text and nothing else', (value) => {
    const html = md.renderInline(markdownText(value));
    expect(html).toBe(md.utils.escapeHtml(value));
    expect(html).not.toMatch(/<(a|img|script|em|strong|code|s|del)\b/);
  });

  it('keeps a value on one line, its line breaks shown as code points', () => {
    expect(markdownText('a\n# Heading\r\n    code')).toBe('aU+000a\\# HeadingU+000dU+000a    code');
  });

  it('a report from a case with hostile values renders with no link, image or HTML taken from the case', async () => {
    const dir = tempDir();
    const home = path.join(dir, 'home');
    const storePath = path.join(dir, 'case.sqlite');
    const db = openStore(storePath);
    let oscal: string;
    try {
      const signer = createSigner(loadOrCreateSigningKey(home));
      await importFile(db, writeKnownCase(dir), { signer });
      const verify = await verifyStore(db, {
        ownVerifierKey: signer.verifierKey,
        trustedKeys: [],
        outsideCheckpoints: [],
      });
      oscal = renderOscal(
        buildReport({ db, storePath, verifierKey: signer.verifierKey, verify }, { framework: 'pci-dss-4' }),
      );
    } finally {
      db.close();
    }
    const texts: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (typeof value === 'string' && ['description', 'remarks', 'title'].includes(key)) texts.push(value);
          else collect(value);
        }
    };
    collect(JSON.parse(oscal));
    const rendered = texts.map((t) => md.render(t));
    // The hostile actor is in a sample of 10.2.1.4: it is there, as text.
    expect(rendered.some((h) => h.includes(md.utils.escapeHtml(HOSTILE)))).toBe(true);
    for (const h of rendered) expect(h).not.toMatch(/<(a|img|script)\b/);
    expect(fs.existsSync(storePath)).toBe(true);
  });
});
