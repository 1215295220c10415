// Compliance reports (docs/compliance.md): choose a framework, a period and a format; the report
// is saved (desktop) or downloaded (browser mode), and its verdicts are summed up here.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { FrameworkId, ReportFormat } from '../../../shared/report';
import { errorMessage, newJobId } from '../api/client';
import { runReport, type ReportRun } from '../api/reportFile';
import { useProgress } from '../state/useProgress';
import { Choice, JobActions } from './JobForm';
import { ProgressLine } from './ProgressLine';

const FRAMEWORK_LABELS: Record<FrameworkId, string> = {
  'pci-dss-4': 'PCI DSS v4.0',
  'nist-800-53': 'NIST SP 800-53 Rev. 5',
  'iso-27001': 'ISO/IEC 27001:2022 Annex A',
  soc2: 'SOC 2 (CC7.2)',
};

const FORMATS = [
  ['html', 'HTML'],
  ['pdf', 'PDF'],
  ['oscal', 'OSCAL (JSON)'],
] as const satisfies readonly (readonly [ReportFormat, string])[];

interface Props {
  open: boolean;
  onClose(): void;
}

/** A `datetime-local` value (no zone) read as UTC, or undefined when empty. */
function utc(value: string): string | undefined {
  if (!value) return undefined;
  return value.length === 16 ? `${value}:00Z` : `${value}Z`;
}

export function ReportsDialog({ open, onClose }: Props) {
  const [framework, setFramework] = useState<FrameworkId>('pci-dss-4');
  const [format, setFormat] = useState<ReportFormat>('html');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<ReportRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useProgress(jobId, jobId !== null);

  useEffect(() => {
    // Opened afresh, or closed: the last report's result (and its blob URL, below) is let go.
    setResult(null);
    setError(null);
  }, [open]);

  // Browser mode's HTML report lives in a blob URL while the dialog links to it: revoked when
  // another report replaces it, when the dialog closes and when it unmounts. The tab it was opened
  // in has loaded it by then and keeps its page; the download was made from the server's URL.
  const viewUrl = result?.viewUrl;
  useEffect(() => {
    if (!viewUrl) return;
    return () => URL.revokeObjectURL(viewUrl);
  }, [viewUrl]);

  async function start() {
    const id = newJobId('report');
    setJobId(id);
    setResult(null);
    setError(null);
    try {
      setResult(await runReport({ framework, format, from: utc(from), to: utc(to), jobId: id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setJobId(null);
    }
  }

  const running = jobId !== null;
  const v = result?.outcome.verdicts;
  return (
    <Dialog open={open} onClose={running ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="reports-title">
      <DialogTitle id="reports-title">Compliance report</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <FormControl disabled={running}>
            <InputLabel id="report-framework-label">Framework</InputLabel>
            <Select
              labelId="report-framework-label"
              label="Framework"
              value={framework}
              onChange={(e) => setFramework(e.target.value as FrameworkId)}
            >
              {(Object.keys(FRAMEWORK_LABELS) as FrameworkId[]).map((id) => (
                <MenuItem key={id} value={id}>
                  {FRAMEWORK_LABELS[id]}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <Stack direction="row" spacing={2}>
            <TextField
              label="From (UTC, optional)"
              type="datetime-local"
              value={from}
              disabled={running}
              onChange={(e) => setFrom(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              fullWidth
            />
            <TextField
              label="To (UTC, optional)"
              type="datetime-local"
              value={to}
              disabled={running}
              onChange={(e) => setTo(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              fullWidth
            />
          </Stack>
          <FormControl disabled={running}>
            <Choice<ReportFormat>
              id="report-format"
              label="Format"
              value={format}
              options={FORMATS}
              onChange={setFormat}
            />
          </FormControl>
        </Stack>
        {running && <ProgressLine progress={progress} label="Building the report" />}
        {error && <Alert severity="error">{error}</Alert>}
        {result && v && (
          <Alert severity={v.attention ? 'warning' : 'success'} sx={{ mt: 2 }} role="status">
            Report written to {result.files.join(', ')}: {result.outcome.controls} controls, {v.satisfied} satisfied,{' '}
            {v.attention} attention, {v['not evidenced by this trail']} not evidenced by this trail. SHA-256{' '}
            {result.outcome.sha256}.
            {result.opened &&
              (result.opened.opened
                ? ' Opened in your default app.'
                : ` It could not be opened: ${result.opened.error ?? 'unknown error'}`)}
            {result.viewUrl && (
              <>
                {' '}
                <Link href={result.viewUrl} target="_blank" rel="noopener">
                  Open the report in a new tab
                </Link>
              </>
            )}
          </Alert>
        )}
      </DialogContent>
      <JobActions jobId={jobId} actionLabel="Create report" onAction={() => void start()} onClose={onClose} />
    </Dialog>
  );
}

/** The toolbar button with its dialog: App.tsx places it and needs nothing else. */
export function ReportsButton({ disabled }: { disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)} disabled={disabled}>
        Reports
      </Button>
      <ReportsDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
