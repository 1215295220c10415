// The report as PDF, made with pdfkit in plain Node: the command line has no Electron (and no
// browser) to print with, and pdfkit is a pure-JavaScript, kept library that writes text as
// text, so `pdftotext` and screen readers get the figures back. Same content as the HTML.
import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';

/**
 * pdfkit reads its font metrics from its own folder at run time, so it is loaded from node_modules
 * when a PDF is made, not bundled (and not loaded at all by a process that never makes one).
 */
function loadPdfKit(): typeof PDFKitDocument {
  return createRequire(import.meta.url)('pdfkit') as typeof PDFKitDocument;
}
import type { CheckResult, ComplianceReport } from '../../shared/report';

/**
 * The standard PDF fonts encode WinAnsi only: arrows and other symbols are spelled out and any
 * other character outside Latin-1 becomes `?`, so no value can produce a glyph the font lacks.
 */
export function pdfText(value: unknown): string {
  return String(value)
    .replace(/→/g, '->')
    .replace(/≥/g, '>=')
    .replace(/[—–]/g, '-')
    .replace(/[^\t\n\r\x20-\x7e\xa0-\xff]/g, '?');
}

const MONO = 'Courier';
const SANS = 'Helvetica';
const BOLD = 'Helvetica-Bold';

function check(doc: PDFKit.PDFDocument, c: CheckResult): void {
  doc
    .moveDown(0.5)
    .font(BOLD)
    .fontSize(11)
    .text(pdfText(`${c.title} [${c.verdict}]`));
  doc.font(SANS).fontSize(9).text(pdfText(c.how));
  doc.font(BOLD).text('Verdict: ', { continued: true }).font(SANS).text(pdfText(c.reason));
  doc.moveDown(0.3);
  for (const f of c.figures) doc.text(pdfText(`${f.label}: ${f.value}`), { indent: 12 });
  if (c.queries.length) {
    doc.moveDown(0.3).font(BOLD).text('Queries (sqlite3 CASE.sqlite):');
    doc.font(MONO).fontSize(7);
    for (const q of c.queries) doc.text(pdfText(q + ';'), { indent: 12 });
  }
  if (c.samples.length) {
    doc.moveDown(0.3).font(BOLD).fontSize(9).text('Sample events (seq, leaf hash):');
    doc.font(MONO).fontSize(7);
    for (const s of c.samples)
      doc.text(pdfText(`seq ${s.seq}  ${s.timestamp}  ${s.action}  ${s.actorId}  ${s.status}\n  leaf ${s.leafHex}`), {
        indent: 12,
      });
  }
}

export function renderPdf(r: ComplianceReport): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: pdfText(`${r.framework.title} - SignTrail compliance report`),
      Creator: 'SignTrail',
      Producer: 'SignTrail (pdfkit)',
    },
  });
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
    .text(pdfText(`${r.framework.title}: evidence from a code-signing audit trail`));
  doc
    .moveDown(0.5)
    .fontSize(11)
    .fillColor(v.ok ? '#116329' : '#a40e26');
  doc.text(
    pdfText(
      `Verification ${v.ok ? 'passed' : 'FAILED'}: ${v.eventsChecked} events checked, ${v.findings} findings, ` +
        `newest signed checkpoint covers ${v.checkpointSize ?? 0} events, ${v.unsealed} not yet sealed.`,
    ),
  );
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
      'Each sample event is identified by its seq and leaf hash (SHA-256 of 0x00 and its stored bytes); inclusion-proof packages will replace this once they land.',
    );
  doc.moveDown().font(BOLD).fontSize(13).text('Summary');
  doc.font(SANS).fontSize(9);
  for (const c of r.controls) doc.text(pdfText(`${c.id}  ${c.verdict}  ${c.title}`));
  for (const c of r.controls) {
    doc.addPage();
    doc
      .font(BOLD)
      .fontSize(13)
      .text(pdfText(`${c.id} - ${c.title}`));
    doc
      .font(SANS)
      .fontSize(10)
      .text(pdfText(`Control verdict: ${c.verdict}`));
    for (const ch of c.checks) check(doc, ch);
  }
  doc.end();
  return done;
}
