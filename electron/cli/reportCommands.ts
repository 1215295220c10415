// `signtrail report`: a framework's compliance evidence from a case, as HTML, PDF or OSCAL.
import { FRAMEWORKS, REPORT_FORMATS, type FrameworkId, type ReportFormat } from '../../shared/report';
import { callChannel, withService } from './callChannel';
import type { Command } from './commands';
import { flags, requireExistingStore, UsageError } from './usage';

const reportCommand: Command = {
  summary: 'compliance evidence for PCI DSS 4, NIST 800-53, ISO 27001 or SOC 2 as HTML, PDF or OSCAL',
  help: `Usage: signtrail report --store FILE --framework ${FRAMEWORKS.join('|')} --out FILE
         [--format html|pdf|oscal] [--from TIME] [--to TIME] [--cryptoperiod-days N] [--max-gap-hours N] [--json]

Verifies the store, computes each control's checks from it (figures, the queries to re-run them,
a verdict: satisfied, attention or not evidenced by this trail, sample events with seq and leaf
hash) and writes the report. --format html (default) is one self-contained file, pdf is made
without a browser, oscal is a NIST OSCAL 1.0.4 assessment-results document. --from/--to limit
the events examined (ISO 8601). See docs/compliance.md.

Exit status: 0 written (whatever the verdicts), 2 a usage or I/O error.`,
  async run(argv, ctx) {
    const { values } = flags(argv, {
      store: { type: 'string' },
      json: { type: 'boolean' },
      framework: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'cryptoperiod-days': { type: 'string' },
      'max-gap-hours': { type: 'string' },
    });
    const store = requireExistingStore(values);
    const framework = values.framework as FrameworkId;
    if (!FRAMEWORKS.includes(framework))
      throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(', ')}, not "${values.framework ?? ''}".`);
    const format = (values.format ?? 'html') as ReportFormat;
    if (!REPORT_FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}".`);
    if (!values.out) throw new UsageError('--out FILE is required.');
    const number = (name: string, text: string | undefined): number | undefined => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, not "${text}".`);
      return n;
    };
    const outcome = await withService(store, (s) =>
      callChannel(
        s,
        'report.run',
        {
          framework,
          format,
          path: values.out!,
          from: values.from,
          to: values.to,
          cryptoperiodDays: number('cryptoperiod-days', values['cryptoperiod-days']),
          maxGapHours: number('max-gap-hours', values['max-gap-hours']),
        },
        ctx.io,
      ),
    );
    if (values.json) ctx.io.out(JSON.stringify(outcome, null, 2));
    else
      ctx.io.out(
        `Wrote ${outcome.file} (${format}, ${outcome.controls} controls: ${outcome.verdicts.satisfied} satisfied, ` +
          `${outcome.verdicts.attention} attention, ${outcome.verdicts['not evidenced by this trail']} not evidenced by this trail; ` +
          `SHA-256 ${outcome.sha256}) in ${(outcome.durationMs / 1000).toFixed(1)} s.`,
      );
  },
};

export const REPORT_COMMANDS: Record<string, Command> = { report: reportCommand };
