// Export what the filter selects (or the selected rows) as CSV, NDJSON, a sealed export, or for a
// SIEM as OCSF, ECS or CEF (docs/siem.md).
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { EventFilter } from '../../../shared/filter';
import { filterToHash, type FilterState } from '../filter/filterState';
import { plural } from '../text/plural';
import { describeView } from './ViewsMenu';
import { errorMessage, newJobId } from '../api/client';
import { runExport, type ExportFormat, type ExportOutcome } from '../api/exportFile';
import { useProgress } from '../state/useProgress';
import { Choice, JobActions } from './JobForm';
import { ProgressLine } from './ProgressLine';

const FILE_FORMATS = [
  ['csv', 'CSV'],
  ['ndjson', 'NDJSON'],
  ['sealed', 'Sealed (whole store, verifiable)'],
] as const satisfies readonly (readonly [ExportFormat, string])[];
const SIEM_FORMATS = [
  ['ocsf', 'OCSF (NDJSON)'],
  ['ecs', 'Elastic ECS (NDJSON)'],
  ['cef', 'CEF'],
] as const satisfies readonly (readonly [ExportFormat, string])[];

interface Props {
  open: boolean;
  filter: EventFilter;
  /** The filter as the bar shows it, to say in words what will be written. */
  filterState: FilterState;
  /** How many events the filter selects (null while counting). */
  count: { total: number; estimate: boolean } | null;
  selectedSeqs: number[];
  onClose(): void;
}

export function ExportDialog({ open, filter, filterState, count, selectedSeqs, onClose }: Props) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [scope, setScope] = useState<'filter' | 'selection'>('filter');
  const [jobId, setJobId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useProgress(jobId, jobId !== null);

  useEffect(() => {
    if (!open) return;
    setOutcome(null);
    setError(null);
    setFormat('csv');
    setScope(selectedSeqs.length > 0 ? 'selection' : 'filter');
  }, [open, selectedSeqs.length]);

  async function start() {
    const id = newJobId('export');
    setJobId(id);
    setOutcome(null);
    setError(null);
    try {
      const seqs = format !== 'sealed' && scope === 'selection' ? [...selectedSeqs].sort((a, b) => a - b) : undefined;
      setOutcome(await runExport({ filter, format, seqs, jobId: id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setJobId(null);
    }
  }

  const running = jobId !== null;
  return (
    <Dialog open={open} onClose={running ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="export-title">
      <DialogTitle id="export-title">Export events</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <FormControl disabled={running}>
            <Choice<ExportFormat>
              id="export-format"
              label="Format"
              value={format}
              options={FILE_FORMATS}
              onChange={setFormat}
            />
            <Choice<ExportFormat>
              id="export-siem"
              label="For a SIEM"
              value={format}
              options={SIEM_FORMATS}
              onChange={setFormat}
            />
          </FormControl>
          <FormControl disabled={running || format === 'sealed'}>
            <FormLabel id="export-scope">Events</FormLabel>
            <RadioGroup
              aria-labelledby="export-scope"
              value={scope}
              onChange={(_, v) => setScope(v as 'filter' | 'selection')}
            >
              <FormControlLabel
                value="filter"
                control={<Radio />}
                label={`All ${count ? plural(count.total, 'event', count.estimate) : 'events'} the current filter selects`}
              />
              <FormControlLabel
                value="selection"
                control={<Radio />}
                disabled={selectedSeqs.length === 0}
                label={
                  selectedSeqs.length === 0
                    ? 'Only ticked rows (none ticked)'
                    : `Only the ${plural(selectedSeqs.length, 'ticked row')}`
                }
              />
            </RadioGroup>
          </FormControl>
        </Stack>
        <Alert severity="info" role="note" aria-label="What will be written" sx={{ mt: 2 }}>
          {format === 'sealed'
            ? 'The whole store, every event, sealed and verifiable on its own.'
            : scope === 'selection' && selectedSeqs.length > 0
              ? `${plural(selectedSeqs.length, 'event')}: seq ${[...selectedSeqs]
                  .sort((a, b) => a - b)
                  .slice(0, 20)
                  .join(', ')}${selectedSeqs.length > 20 ? ', …' : ''}.`
              : `${count ? plural(count.total, 'event', count.estimate) : 'The events'} matching: ${describeView(filterToHash(filterState))}.`}
        </Alert>
        {running && <ProgressLine progress={progress} label="Exporting" />}
        {error && <Alert severity="error">{error}</Alert>}
        {outcome && (
          <Alert severity="success" sx={{ mt: 2 }} role="status">
            Exported {plural(outcome.manifest.rows, 'event')} to {outcome.files.join(' and ')}.
            <Table size="small" aria-label="Manifest">
              <TableBody>
                {[
                  ['File', outcome.manifest.file],
                  ['Format', outcome.manifest.format],
                  ['Rows', outcome.manifest.rows.toLocaleString('en')],
                  ['SHA-256', outcome.manifest.sha256],
                  ['Filter', JSON.stringify(outcome.manifest.filter)],
                  [
                    'Checkpoint',
                    outcome.manifest.checkpoint
                      ? `size ${outcome.manifest.checkpoint.size}, root ${outcome.manifest.checkpoint.rootB64}`
                      : 'none',
                  ],
                  ['Exported', `${outcome.manifest.exportedAt} by ${outcome.manifest.exportedBy}`],
                ].map(([k, v]) => (
                  <TableRow key={k}>
                    <TableCell component="th">{k}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{v}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Alert>
        )}
      </DialogContent>
      <JobActions jobId={jobId} actionLabel="Export" onAction={() => void start()} onClose={onClose} />
    </Dialog>
  );
}
