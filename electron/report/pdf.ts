// The report as PDF, made with pdfkit in plain Node: the command line has no Electron (and no
// browser) to print with, and pdfkit is a pure-JavaScript, kept library that writes text as
// text, so `pdftotext` and screen readers get the figures back. Same content as the HTML.
import { verificationSentence } from './verificationText';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type PDFKitDocument from 'pdfkit';
import type { CheckResult, ComplianceReport } from '../../shared/report';

const require = createRequire(import.meta.url);

/**
 * pdfkit reads its font metrics from its own folder at run time, so it is loaded from node_modules
 * when a PDF is made, not bundled (and not loaded at all by a process that never makes one).
 */
function loadPdfKit(): typeof PDFKitDocument {
  return require('pdfkit') as typeof PDFKitDocument;
}

/**
 * The fonts embedded in every PDF: DejaVu Sans, Sans Bold and Sans Mono (npm `dejavu-fonts-ttf`,
 * a free licence that allows embedding), which cover Latin, Greek, Cyrillic, Armenian, Georgian,
 * Hebrew, Arabic letters and many symbols, so actor and entity names print as they are. The Node
 * build copies the three files to dist-electron/fonts/ beside the bundle (scripts/build-node.js),
 * which the packaged app carries in its asar; from source they are read from node_modules.
 */
export const FONT_FILES = {
  SANS: 'DejaVuSans.ttf',
  BOLD: 'DejaVuSans-Bold.ttf',
  MONO: 'DejaVuSansMono.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

export function fontPath(file: string): string {
  const bundled = fileURLToPath(new URL(`./fonts/${file}`, import.meta.url));
  return fs.existsSync(bundled) ? bundled : require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
}

interface Face {
  bytes: Buffer;
  has(codePoint: number): boolean;
}

let faces: Record<FontName, Face> | null = null;

/** The three fonts, read once per process; glyph coverage from pdfkit's own fontkit. */
function loadFaces(): Record<FontName, Face> {
  if (faces) return faces;
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as {
    create(bytes: Buffer): { hasGlyphForCodePoint(c: number): boolean };
  };
  const load = (file: string): Face => {
    const bytes = fs.readFileSync(fontPath(file));
    const font = fontkit.create(bytes);
    const known = new Map<number, boolean>();
    return {
      bytes,
      has(c) {
        let hit = known.get(c);
        if (hit === undefined) known.set(c, (hit = font.hasGlyphForCodePoint(c)));
        return hit;
      },
    };
  };
  faces = { SANS: load(FONT_FILES.SANS), BOLD: load(FONT_FILES.BOLD), MONO: load(FONT_FILES.MONO) };
  return faces;
}

/** What a character the font has no glyph for prints as: U+FFFD, which all three fonts draw (�). */
export const MISSING_GLYPH = '\uFFFD';

/**
 * Text as the font can print it: every character the font has a glyph for is kept, control
 * characters (but tab and newline) and any character outside the font (CJK ideographs, most
 * emoji, Indic scripts) become U+FFFD, visibly, instead of an invisible empty box.
 */
export function pdfText(value: unknown, font: FontName = 'SANS'): string {
  const face = loadFaces()[font];
  let out = '';
  for (const ch of String(value)) {
    const c = ch.codePointAt(0)!;
    out += c === 9 || c === 10 ? ch : c < 0x20 || (c >= 0x7f && c < 0xa0) || !face.has(c) ? MISSING_GLYPH : ch;
  }
  return out;
}

const MONO: FontName = 'MONO';
const SANS: FontName = 'SANS';
const BOLD: FontName = 'BOLD';

function check(doc: PDFKit.PDFDocument, c: CheckResult): void {
  doc
    .moveDown(0.5)
    .font(BOLD)
    .fontSize(11)
    .text(pdfText(`${c.title} [${c.verdict}]`, BOLD));
  doc.font(SANS).fontSize(9).text(pdfText(c.how));
  doc.font(BOLD).text('Verdict: ', { continued: true }).font(SANS).text(pdfText(c.reason));
  doc.moveDown(0.3);
  for (const f of c.figures) doc.text(pdfText(`${f.label}: ${f.value}`), { indent: 12 });
  if (c.queries.length) {
    doc.moveDown(0.3).font(BOLD).text('Queries (sqlite3 CASE.sqlite):');
    doc.font(MONO).fontSize(7);
    for (const q of c.queries) doc.text(pdfText(q + ';', MONO), { indent: 12 });
  }
  if (c.samples.length) {
    doc.moveDown(0.3).font(BOLD).fontSize(9).text('Sample events (seq, leaf hash, inclusion proof):');
    for (const s of c.samples) {
      // Names in the sans face (the mono face covers fewer scripts), hashes in mono.
      doc
        .font(SANS)
        .fontSize(8)
        .text(pdfText(`seq ${s.seq}  ${s.timestamp}  ${s.action}  ${s.actorId}  ${s.status}`), { indent: 12 });
      doc.font(MONO).fontSize(7).text(`  leaf ${s.leafHex}`, { indent: 12 });
      if (s.proof) {
        doc.fontSize(6).text(`  inclusion proof (checkpoint size ${s.proof.checkpointSize}):`, { indent: 12 });
        doc.text(pdfText(s.proof.tlogProof, MONO), { indent: 24 });
        doc.text(`  event bytes (base64): ${s.proof.entryBase64}`, { indent: 12 });
      } else doc.fontSize(6).text(pdfText(`  no inclusion proof: ${s.proofNote ?? 'none made'}`, MONO), { indent: 12 });
    }
  }
}

export function renderPdf(r: ComplianceReport): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const fonts = loadFaces();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: pdfText(`${r.framework.title} - SignTrail compliance report`),
      Creator: 'SignTrail',
      Producer: 'SignTrail (pdfkit)',
    },
  });
  for (const name of [SANS, BOLD, MONO]) doc.registerFont(name, fonts[name].bytes);
  doc.font(SANS);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const v = r.verification;
  doc
    .font(BOLD)
    .fontSize(16)
    .text(pdfText(`${r.framework.title}: evidence from a code-signing audit trail`, BOLD));
  doc
    .moveDown(0.5)
    .fontSize(11)
    .fillColor(v.ok ? '#116329' : '#a40e26');
  doc.text(pdfText(verificationSentence(v)));
  doc.fillColor('black').font(SANS).fontSize(9).moveDown(0.5);
  const facts: [string, unknown][] = [
    ['Case file', r.store.path],
    ['Store ID', r.store.storeId],
    ['Origin', r.store.origin],
    ['Events in the store', r.store.eventCount],
    ['Witness key', r.store.verifierKey],
    ['Period', `${r.period.from} - ${r.period.to}`],
    ['Framework source', r.framework.source],
    ['Settings', `cryptoperiod ${r.settings.cryptoperiodDays} days; silence limit ${r.settings.maxGapHours} h`],
    ['Generated', `${r.generatedAt} by ${r.generatedBy}, SignTrail ${r.signtrailVersion}`],
  ];
  for (const [k, value] of facts) doc.font(BOLD).text(`${k}: `, { continued: true }).font(SANS).text(pdfText(value));
  doc
    .moveDown(0.5)
    .text(
      pdfText(
        `Each sample event is identified by its seq and leaf hash (SHA-256 of 0x00 and its stored bytes). ${r.proofs.note}`,
      ),
    );
  doc.moveDown().font(BOLD).fontSize(13).text('Summary');
  doc.font(SANS).fontSize(9);
  for (const c of r.controls) doc.text(pdfText(`${c.id}  ${c.verdict}  ${c.title}`));
  for (const c of r.controls) {
    doc.addPage();
    doc
      .font(BOLD)
      .fontSize(13)
      .text(pdfText(`${c.id} - ${c.title}`, BOLD));
    doc
      .font(SANS)
      .fontSize(10)
      .text(pdfText(`Control verdict: ${c.verdict}`));
    for (const ch of c.checks) check(doc, ch);
  }
  doc.end();
  return done;
}
