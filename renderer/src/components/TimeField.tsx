// From and To: text boxes that take ISO 8601 typed or pasted (with or without a zone, read in the
// UTC/Local choice), a picker beside each, and the relative ranges of the case.
import { useEffect, useRef, useState } from 'react';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Popover from '@mui/material/Popover';
import TextField from '@mui/material/TextField';
import EventIcon from '@mui/icons-material/Event';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { StaticDateTimePicker } from '@mui/x-date-pickers/StaticDateTimePicker';
import dayjs, { type Dayjs } from 'dayjs';
import { useTime } from '../state/timeContext';
import { formatTimestamp, instantToInput } from '../time/format';
import { parseTimeInput, TIME_INPUT_HINT } from '../time/parseInput';
import { FLOATING_HELPER } from './floatingHelper';

/** The bound as the box shows it: wall time in the chosen zone, with its offset written out. */
function shownText(iso: string | null, mode: 'utc' | 'local', zone: string): string {
  return iso ? formatTimestamp(iso, mode, zone).replace(/\.0+(?=Z|[+-]\d)/, '') : '';
}

export function TimeField(props: {
  label: string;
  value: string | null;
  error?: string | null;
  onChange(value: string | null): void;
}) {
  const time = useTime();
  const shown = shownText(props.value, time.mode, time.zone);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [pickerAt, setPickerAt] = useState<HTMLElement | null>(null);
  const lastShown = useRef(shown);
  useEffect(() => {
    if (shown !== lastShown.current) {
      lastShown.current = shown;
      setText(shown);
      setError(null);
    }
  }, [shown]);

  const apply = (value: string) => {
    const parsed = parseTimeInput(value, time.mode, time.zone);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (parsed.instant !== props.value) props.onChange(parsed.instant);
  };
  const pending = !error && text.trim() !== shown;
  const zoneName = time.mode === 'utc' ? 'UTC' : time.zone;

  return (
    <>
      <TextField
        size="small"
        label={props.label}
        value={text}
        placeholder={`YYYY-MM-DD HH:MM:SS (${zoneName})`}
        title={`${TIME_INPUT_HINT}; without a zone, read in ${zoneName}`}
        error={Boolean(error || props.error)}
        helperText={error ?? props.error ?? (pending ? 'not applied: Enter to apply' : undefined)}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply(text);
        }}
        onBlur={() => text.trim() !== shown && apply(text)}
        onPaste={(e) => {
          // A pasted time is applied at once: it is complete, unlike one being typed.
          const pasted = e.clipboardData.getData('text');
          if (!pasted) return;
          e.preventDefault();
          setText(pasted.trim());
          apply(pasted);
        }}
        sx={{ width: 200 }}
        slotProps={{
          ...FLOATING_HELPER,
          inputLabel: { shrink: true },
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton
                  size="small"
                  edge="end"
                  aria-label={`Pick ${props.label} date and time`}
                  onClick={(e) => setPickerAt(e.currentTarget)}
                >
                  <EventIcon fontSize="small" />
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      <Popover
        open={pickerAt !== null}
        anchorEl={pickerAt}
        onClose={() => setPickerAt(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { 'aria-label': `${props.label} picker` } as object }}
      >
        <LocalizationProvider dateAdapter={AdapterDayjs}>
          <StaticDateTimePicker
            ampm={false}
            views={['year', 'month', 'day', 'hours', 'minutes', 'seconds']}
            // The picker works in wall time; it is read in the UTC/Local choice like typed text.
            defaultValue={dayjs(instantToInput(props.value, time.mode, time.zone) || undefined)}
            onAccept={(v: Dayjs | null) => {
              setPickerAt(null);
              if (!v) return;
              const wall = v.format('YYYY-MM-DDTHH:mm:ss');
              setText(wall);
              apply(wall);
            }}
            onClose={() => setPickerAt(null)}
          />
        </LocalizationProvider>
      </Popover>
    </>
  );
}

const HOUR = 3_600_000;

/** Ranges relative to the case: its last day or week (to its newest event), or its whole span. */
export function RangeMenu({
  span,
  onRange,
}: {
  span: { first: string; last: string } | null;
  onRange(from: string | null, to: string | null): void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const end = span ? Date.parse(span.last) + 1 : 0;
  const choose = (from: string | null, to: string | null) => {
    setAnchor(null);
    onRange(from, to);
  };
  const last = (ms: number) => choose(new Date(end - ms).toISOString(), new Date(end).toISOString());
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        disabled={!span}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        sx={{ height: 40 }}
      >
        Range
      </Button>
      <Menu open={anchor !== null} anchorEl={anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => last(24 * HOUR)}>Last 24 h of the case</MenuItem>
        <MenuItem onClick={() => last(7 * 24 * HOUR)}>Last 7 days of the case</MenuItem>
        <MenuItem
          onClick={() => span && choose(new Date(Date.parse(span.first)).toISOString(), new Date(end).toISOString())}
        >
          The case’s whole span
        </MenuItem>
        <MenuItem onClick={() => choose(null, null)}>Any time (clear From and To)</MenuItem>
      </Menu>
    </>
  );
}
