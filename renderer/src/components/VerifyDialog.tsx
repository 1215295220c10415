// Verify the store: progress and cancel; intact, or each finding with a way to open its event.
import { useCallback, useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { VerifyReport } from '../../../shared/results';
import { errorMessage, invoke, newJobId } from '../api/client';
import { readJsonSetting, writeJsonSetting } from '../state/settings';
import { useProgress } from '../state/useProgress';
import { ProgressLine } from './ProgressLine';
import { parseOutsideRoots } from '../verify/outsideRoots';

interface Props {
  open: boolean;
  onClose(): void;
  onReport(report: VerifyReport): void;
  onOpenEvent(seq: number): void;
}

export function VerifyDialog({ open, onClose, onReport, onOpenEvent }: Props) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checkpoints, setCheckpoints] = useState<{ name: string; text: string }[]>([]);
  const [keysText, setKeysText] = useState(() => readJsonSetting<string[]>('trustedKeys', []).join('\n'));
  const [rootsText, setRootsText] = useState('');
  const pasted = parseOutsideRoots(rootsText);
  const progress = useProgress(jobId, jobId !== null);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = useCallback(async () => {
    const id = newJobId('verify');
    const trustedKeys = keysText
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean);
    writeJsonSetting('trustedKeys', trustedKeys);
    setJobId(id);
    setReport(null);
    setError(null);
    try {
      const result = await invoke('verify.run', {
        checkpoints: checkpoints.map((c) => c.text),
        roots: pasted.roots ?? [],
        trustedKeys,
        jobId: id,
      });
      setReport(result);
      onReport(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setJobId(null);
    }
  }, [checkpoints, keysText, pasted.roots, onReport]);

  // Opening the dialog starts a verification straight away.
  useEffect(() => {
    if (open) void run();
  }, [open]);

  const cancel = () => jobId && void invoke('job.cancel', { jobId }).catch(() => undefined);
  const running = jobId !== null;

  return (
    <Dialog open={open} onClose={running ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="verify-title">
      <DialogTitle id="verify-title">Verify the store</DialogTitle>
      <DialogContent>
        {running && <ProgressLine progress={progress} label="Verifying" />}
        {error && <Alert severity="error">{error}</Alert>}
        {report && <ReportView report={report} onOpenEvent={onOpenEvent} />}
        <Typography variant="subtitle2" component="h3" sx={{ mt: 3 }}>
          Outside checkpoints and pinned keys
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', my: 1 }}>
          <Button variant="outlined" size="small" onClick={() => fileInput.current?.click()} disabled={running}>
            Load checkpoint file…
          </Button>
          <input
            ref={fileInput}
            type="file"
            hidden
            multiple
            aria-label="Checkpoint file"
            onChange={(e) => {
              const input = e.target;
              const files = [...(input.files ?? [])];
              void Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })))
                .then((loaded) => setCheckpoints((prev) => [...prev, ...loaded]))
                .catch((err: unknown) => setError(errorMessage(err)))
                .finally(() => {
                  input.value = '';
                });
            }}
          />
          <Typography variant="body2" color="text.secondary">
            {checkpoints.length ? checkpoints.map((c) => c.name).join(', ') : 'None loaded.'}
          </Typography>
          {checkpoints.length > 0 && (
            <Button size="small" onClick={() => setCheckpoints([])} disabled={running}>
              Forget
            </Button>
          )}
        </Stack>
        <TextField
          label="Sizes and roots kept elsewhere"
          helperText={
            pasted.error ??
            'One per line: the size and the base64 root from a checkpoint you kept (no signature needed).'
          }
          error={pasted.error !== null}
          multiline
          minRows={1}
          fullWidth
          value={rootsText}
          onChange={(e) => setRootsText(e.target.value)}
          disabled={running}
          sx={{ mb: 2 }}
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }}
        />
        <TextField
          label="Pinned verifier keys"
          helperText="One per line: <name>+<hex id>+<base64 key>, as printed by “signtrail key”."
          multiline
          minRows={2}
          fullWidth
          value={keysText}
          onChange={(e) => setKeysText(e.target.value)}
          disabled={running}
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }}
        />
      </DialogContent>
      <DialogActions>
        {running ? (
          <Button onClick={cancel} color="warning">
            Cancel
          </Button>
        ) : (
          <>
            <Button onClick={() => void run()} disabled={pasted.error !== null}>
              Run again
            </Button>
            <Button onClick={onClose} variant="contained">
              Close
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** What this installation witnessed of the store before (docs/integrity.md, "The installation as witness"). */
function witnessLine(report: VerifyReport): string {
  const w = report.witness;
  if (!w) return '';
  if (w.state === 'first-seen')
    return 'First seen now: this installation has no earlier record of this store, so it cannot tell whether its history was rewritten before today.';
  const seen = `${(w.size ?? 0).toLocaleString('en')} events witnessed here on ${w.time}`;
  return w.state === 'consistent' ? `Consistent with the ${seen}.` : `Does NOT match the ${seen}.`;
}

function ReportView({ report, onOpenEvent }: { report: VerifyReport; onOpenEvent(seq: number): void }) {
  const cp = report.checkpoint;
  if (report.verdict !== 'broken') {
    const intact = report.verdict === 'intact';
    return (
      <Alert severity={intact ? 'success' : 'warning'} role="status" data-verdict={report.verdict}>
        {intact ? (
          <strong>Intact.</strong>
        ) : (
          <strong>
            Unsealed: {report.unsealed.toLocaleString('en')} events are vouched for by no trusted checkpoint.
          </strong>
        )}{' '}
        {!intact && 'Nothing was found wrong, but there is no evidence either way for them. '}
        {report.eventsChecked.toLocaleString('en')} events checked in {(report.durationMs / 1000).toFixed(1)} s.
        <br />
        Newest checkpoint:{' '}
        {cp
          ? `size ${cp.size.toLocaleString('en')} signed by ${cp.keyName} (${cp.keyFingerprint}), ${cp.trusted ? 'trusted' : 'NOT trusted: pin its key to trust it'}.`
          : 'none.'}
        <br />
        Store key fingerprint: {report.keyFingerprint ?? 'unknown'}. {witnessLine(report)}
      </Alert>
    );
  }
  return (
    <>
      <Alert severity="error" role="status" data-verdict="broken">
        <strong>Broken:</strong>{' '}
        <strong>
          {report.findings.length} finding{report.findings.length === 1 ? '' : 's'}
        </strong>{' '}
        after checking {report.eventsChecked.toLocaleString('en')} events
        {report.firstBadSeq !== null ? `; the first bad event is seq ${report.firstBadSeq}` : ''}. {witnessLine(report)}
      </Alert>
      <List dense aria-label="Findings">
        {report.findings.map((f, i) => (
          <ListItem
            key={i}
            divider
            secondaryAction={
              f.seq !== null && (
                <Button size="small" onClick={() => onOpenEvent(f.seq!)}>
                  Open event {f.seq}
                </Button>
              )
            }
          >
            <ListItemText
              primary={`${f.kind}${
                f.fromSeq !== undefined && f.toSeq !== undefined
                  ? ` somewhere in seq ${f.fromSeq}–${f.toSeq}`
                  : f.seq !== null
                    ? ` at seq ${f.seq}`
                    : ''
              }${f.object ? `: ${f.object}` : ''}`}
              secondary={f.message}
              sx={{ pr: 16 }}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}
