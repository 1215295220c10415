// The rows the Export and Reports dialogs share: a labelled choice of radio buttons (formats),
// and the actions of a job dialog (Cancel while it runs, else Close and the action).
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { invoke } from '../api/client';

interface ChoiceProps<T extends string> {
  /** The label's element ID, which the radio group names itself by. */
  id: string;
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange(value: T): void;
  row?: boolean;
}

/** A FormLabel and its RadioGroup; put it in a FormControl, which disables it while a job runs. */
export function Choice<T extends string>({ id, label, value, options, onChange, row = true }: ChoiceProps<T>) {
  return (
    <>
      <FormLabel id={id}>{label}</FormLabel>
      <RadioGroup row={row} aria-labelledby={id} value={value} onChange={(_, v) => onChange(v as T)}>
        {options.map(([v, text]) => (
          <FormControlLabel key={v} value={v} control={<Radio />} label={text} />
        ))}
      </RadioGroup>
    </>
  );
}

interface ActionsProps {
  /** The running job, cancelled by Cancel; null when none runs. */
  jobId: string | null;
  actionLabel: string;
  onAction(): void;
  onClose(): void;
}

export function JobActions({ jobId, actionLabel, onAction, onClose }: ActionsProps) {
  return (
    <DialogActions>
      {jobId !== null ? (
        <Button color="warning" onClick={() => void invoke('job.cancel', { jobId }).catch(() => undefined)}>
          Cancel
        </Button>
      ) : (
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant="contained" onClick={onAction}>
            {actionLabel}
          </Button>
        </>
      )}
    </DialogActions>
  );
}
