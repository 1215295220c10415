// The top bar's Sync button: opens the sources dialog, shows a run in progress, and keeps the
// periodic sync going while the app is open (the dialog need not be).
import { useCallback, useState } from 'react';
import Badge from '@mui/material/Badge';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import SyncIcon from '@mui/icons-material/Sync';
import { SyncDialog } from './SyncDialog';
import { usePeriodicSync } from './usePeriodicSync';
import { useSyncRunner } from './useSyncRunner';

interface Props {
  /** No case open: nothing to sync into. */
  disabled: boolean;
  /** Called after a run that appended events. */
  onSynced(): void;
}

export function SyncControl({ disabled, onSynced }: Props) {
  const [open, setOpen] = useState(false);
  const runner = useSyncRunner(onSynced);
  const { run } = runner;
  const runAll = useCallback(() => void run(), [run]);
  const [periodic, setPeriodic] = usePeriodicSync(!disabled, runAll);
  const failed = runner.error !== null || runner.reports.some((r) => r.error && r.errorKind !== 'cancelled');

  return (
    <>
      <Badge color="error" variant="dot" invisible={!failed} overlap="rectangular">
        <Button
          variant="outlined"
          onClick={() => setOpen(true)}
          disabled={disabled}
          startIcon={runner.running ? <CircularProgress size={16} aria-hidden /> : <SyncIcon />}
          title={failed ? 'The last sync reported an error: open to see it' : 'Sync sources'}
        >
          Sync
        </Button>
      </Badge>
      <SyncDialog
        open={open}
        onClose={() => setOpen(false)}
        runner={runner}
        periodic={periodic}
        onPeriodicChange={setPeriodic}
      />
    </>
  );
}
