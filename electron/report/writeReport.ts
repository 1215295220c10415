// Builds a report from a store and writes it in one format, atomically (FILE.partial, renamed).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { ComplianceReport, ReportFormat, ReportOutcome, Verdict } from '../../shared/report';
import { AtomicFile } from '../export/atomic-file';
import { renderHtml } from './html';
import { renderOscal } from './oscal';
import { renderPdf } from './pdf';

export async function renderReport(report: ComplianceReport, format: ReportFormat): Promise<Buffer> {
  if (format === 'html') return Buffer.from(renderHtml(report), 'utf8');
  if (format === 'oscal') return Buffer.from(renderOscal(report), 'utf8');
  return renderPdf(report);
}

export async function writeReport(
  report: ComplianceReport,
  format: ReportFormat,
  path: string,
  startedAt: number,
): Promise<ReportOutcome> {
  const bytes = await renderReport(report, format);
  const file = await AtomicFile.create(path);
  try {
    file.writeBytes(bytes);
    await file.commit();
  } catch (err) {
    await file.discard();
    throw err;
  }
  const verdicts: Record<Verdict, number> = { satisfied: 0, attention: 0, 'not evidenced by this trail': 0 };
  for (const c of report.controls) verdicts[c.verdict]++;
  return {
    file: resolve(path),
    format,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    controls: report.controls.length,
    verdicts,
    durationMs: Date.now() - startedAt,
    ...(report.verification.performedAt !== undefined
      ? {
          verification: {
            performedAt: report.verification.performedAt,
            durationMs: report.verification.durationMs ?? 0,
            reused: report.verification.reused ?? false,
          },
        }
      : {}),
  };
}
