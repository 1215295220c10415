// The sources dialog: the case's sources with their last sync, adding and removing one, Sync now
// with progress and cancel, each source's result, and the periodic-sync preference.
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SyncSourceView } from '../../../../shared/sync';
import { errorMessage, invoke } from '../../api/client';
import { ProgressLine } from '../ProgressLine';
import { AddSourceForm } from './AddSourceForm';
import { SourcesTable } from './SourcesTable';
import { SyncResults } from './SyncResults';
import { clampMinutes, MAX_PERIOD_MINUTES, MIN_PERIOD_MINUTES, type PeriodicSync } from './syncRules';
import type { SyncRunner } from './useSyncRunner';

interface Props {
  open: boolean;
  onClose(): void;
  runner: SyncRunner;
  periodic: PeriodicSync;
  onPeriodicChange(next: PeriodicSync): void;
}

export function SyncDialog({ open, onClose, runner, periodic, onPeriodicChange }: Props) {
  const [sources, setSources] = useState<SyncSourceView[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  // What a remove or confirm was refused for. Kept apart from the list's load error: the reload that
  // follows the refusal succeeds and would otherwise clear the message a moment after it appeared.
  const [actionError, setActionError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [minutesDraft, setMinutesDraft] = useState(String(periodic.minutes));

  const reload = useCallback(() => {
    invoke('sync.sources', {}).then(
      (list) => {
        setSources(list);
        setLoadError(null);
      },
      (err) => setLoadError(errorMessage(err)),
    );
  }, []);

  // The table shows each source's last run: reload when the dialog opens and after every run.
  useEffect(() => {
    if (open) reload();
  }, [open, reload, runner.finishedAt]);
  useEffect(() => {
    if (!open) setActionError(null);
  }, [open]);

  const [removing, setRemoving] = useState<string | null>(null);
  async function remove(name: string) {
    setRemoving(null);
    setActionError(null);
    try {
      await invoke('sync.removeSource', { name });
      runner.forget(name);
    } catch (err) {
      setActionError(errorMessage(err));
    }
    reload();
  }

  async function confirm(source: SyncSourceView) {
    setActionError(null);
    try {
      // The desktop app asks in a native box; browser mode refuses and names the command to use.
      await invoke('sync.confirmSource', { name: source.name, location: source.location });
    } catch (err) {
      setActionError(errorMessage(err));
    }
    reload();
  }

  return (
    <Dialog open={open} onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="sync-title">
      <DialogTitle id="sync-title">Sync sources</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          A source is the platform&apos;s audit API or a drop folder. Sync takes only what is new: each event and each
          file once. Events already in the case are never changed.
        </Typography>
        {loadError && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {loadError}
          </Alert>
        )}
        {actionError && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {actionError}
          </Alert>
        )}
        <SourcesTable
          sources={sources}
          busy={runner.running}
          onSync={(name) => void runner.run(name)}
          onRemove={(name) => setRemoving(name)}
          onConfirm={(source) => void confirm(source)}
        />
        {adding ? (
          <AddSourceForm
            onAdded={() => {
              setAdding(false);
              reload();
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <Button sx={{ mt: 1 }} onClick={() => setAdding(true)} disabled={runner.running}>
            Add source…
          </Button>
        )}
        {runner.running && <ProgressLine progress={runner.progress} label="Syncing" />}
        {runner.error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {runner.error}
          </Alert>
        )}
        {!runner.running && <SyncResults reports={runner.reports} />}
        <Divider sx={{ my: 2 }} />
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <FormControlLabel
            control={
              <Switch
                checked={periodic.enabled}
                onChange={(e) => onPeriodicChange({ ...periodic, enabled: e.target.checked })}
              />
            }
            label="Sync every"
          />
          <TextField
            size="small"
            type="number"
            label="Minutes"
            value={minutesDraft}
            onChange={(e) => setMinutesDraft(e.target.value)}
            // Committed on leaving the field, so clearing it to type another number is not clamped midway.
            onBlur={() => {
              const minutes = clampMinutes(minutesDraft);
              setMinutesDraft(String(minutes));
              onPeriodicChange({ ...periodic, minutes });
            }}
            slotProps={{ htmlInput: { min: MIN_PERIOD_MINUTES, max: MAX_PERIOD_MINUTES, step: 1 } }}
            sx={{ width: 110 }}
          />
          <Typography variant="body2" color="text.secondary">
            minutes while the app is open
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        {runner.running ? (
          <Button onClick={runner.cancel} color="warning">
            Cancel sync
          </Button>
        ) : (
          <Button variant="contained" onClick={() => void runner.run()} disabled={sources.length === 0}>
            Sync now
          </Button>
        )}
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} aria-labelledby="remove-source-title">
        <DialogTitle id="remove-source-title">Remove source {removing}?</DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            Sync stops taking events from it. The events it already brought stay in the case.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRemoving(null)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={() => removing && void remove(removing)}>
            Remove
          </Button>
        </DialogActions>
      </Dialog>
    </Dialog>
  );
}
