// Tag, comment and star the selected events (buttons, or the keys T, C and S), open the Journal
// panel (J), and make an evidence package from the selection or the current filter.
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Snackbar from '@mui/material/Snackbar';
import TextField from '@mui/material/TextField';
import type { EventFilter } from '../../../../shared/filter';
import { errorMessage, invoke } from '../../api/client';
import { makeEvidencePackage } from '../../api/evidence';
import { JournalPanel } from './JournalPanel';

export interface JournalBarProps {
  /** Selected rows; when none, the open event (if any). */
  selectedSeqs: number[];
  filter: EventFilter;
  disabled: boolean;
  onChanged(): void;
  onOpenEvent(seq: number): void;
}

type Asking = { kind: 'tag' | 'comment' } | null;

const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function JournalBar({ selectedSeqs, filter, disabled, onChanged, onOpenEvent }: JournalBarProps) {
  const [asking, setAsking] = useState<Asking>(null);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [panelOpen, setPanelOpen] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const none = selectedSeqs.length === 0;

  const write = useCallback(
    async (kind: 'tag' | 'comment' | 'star', body: Record<string, string>) => {
      try {
        const entry = await invoke('journal.add', { kind, body, seqs: selectedSeqs });
        setMessage({
          severity: 'success',
          text: `Journal entry ${entry.seq}: ${kind} on ${entry.events.length} event(s).`,
        });
        setRefreshKey((k) => k + 1);
        onChanged();
      } catch (err) {
        setMessage({ severity: 'error', text: errorMessage(err) });
      }
    },
    [selectedSeqs, onChanged],
  );

  useEffect(() => {
    if (disabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || asking) return;
      const key = e.key.toLowerCase();
      if (key === 'j') setPanelOpen((o) => !o);
      if (none) return;
      if (key === 't' || key === 'c') {
        e.preventDefault();
        setText('');
        setNote('');
        setAsking({ kind: key === 't' ? 'tag' : 'comment' });
      } else if (key === 's') void write('star', {});
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [disabled, none, asking, write]);

  const evidence = async () => {
    setBusy(true);
    try {
      const outcome = await makeEvidencePackage(filter, none ? undefined : selectedSeqs);
      if (outcome) {
        setMessage({
          severity: 'success',
          text: `Evidence package ${outcome.where}: ${outcome.summary.events} events, ${outcome.summary.journalEntries} journal entries. Check it with node verify.mjs.`,
        });
        setRefreshKey((k) => k + 1);
      }
    } catch (err) {
      setMessage({ severity: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    if (!asking || !text.trim()) return;
    const body: Record<string, string> =
      asking.kind === 'tag'
        ? { name: text.trim(), ...(note.trim() ? { note: note.trim() } : {}) }
        : { text: text.trim() };
    setAsking(null);
    void write(asking.kind, body);
  };

  const hint = none ? 'Select events in the grid first' : `${selectedSeqs.length} selected`;
  return (
    <>
      <Button disabled={disabled || none} onClick={() => setAsking({ kind: 'tag' })} title={`Tag (T) · ${hint}`}>
        Tag
      </Button>
      <Button
        disabled={disabled || none}
        onClick={() => setAsking({ kind: 'comment' })}
        title={`Comment (C) · ${hint}`}
      >
        Comment
      </Button>
      <Button disabled={disabled || none} onClick={() => void write('star', {})} title={`Star (S) · ${hint}`}>
        Star
      </Button>
      <Button disabled={disabled} onClick={() => setPanelOpen(true)} title="The case journal (J)">
        Journal
      </Button>
      <Button
        variant="outlined"
        disabled={disabled || busy}
        onClick={() => void evidence()}
        title={none ? 'From every event the filter selects' : 'From the selected events'}
      >
        Evidence package
      </Button>
      <Dialog open={asking !== null} onClose={() => setAsking(null)} fullWidth maxWidth="sm">
        <DialogTitle>
          {asking?.kind === 'tag' ? 'Tag' : 'Comment on'} {selectedSeqs.length} event(s)
        </DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <TextField
            autoFocus
            label={asking?.kind === 'tag' ? 'Tag name' : 'Comment'}
            value={text}
            multiline={asking?.kind === 'comment'}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && asking?.kind === 'tag') submit();
            }}
          />
          {asking?.kind === 'tag' && (
            <TextField label="Why (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(null)}>Cancel</Button>
          <Button variant="contained" disabled={!text.trim()} onClick={submit}>
            {asking?.kind === 'tag' ? 'Tag' : 'Comment'}
          </Button>
        </DialogActions>
      </Dialog>
      <JournalPanel
        open={panelOpen}
        refreshKey={refreshKey}
        onClose={() => setPanelOpen(false)}
        onOpenEvent={(seq) => {
          setPanelOpen(false);
          onOpenEvent(seq);
        }}
      />
      <Snackbar open={message !== null} autoHideDuration={8000} onClose={() => setMessage(null)}>
        {message ? (
          <Alert severity={message.severity} onClose={() => setMessage(null)} data-testid="journal-message">
            {message.text}
          </Alert>
        ) : undefined}
      </Snackbar>
    </>
  );
}
