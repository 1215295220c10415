// Tag, untag, comment, star and unstar the selected events (buttons, or the keys T, Shift+T, C, S
// and Shift+S), open the Journal (J) and Questions (Q) panels, and make an evidence package from
// the selection or the current filter.
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Snackbar from '@mui/material/Snackbar';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { EventFilter } from '../../../../shared/filter';
import { errorMessage, invoke } from '../../api/client';
import { makeEvidencePackage } from '../../api/evidence';
import { JournalPanel } from './JournalPanel';
import { QuestionsPanel } from './QuestionsPanel';
import { typingIn } from './ShortcutsDialog';

export interface JournalBarProps {
  /** Selected rows; when none, the open event (if any). */
  selectedSeqs: number[];
  filter: EventFilter;
  disabled: boolean;
  onChanged(): void;
  onOpenEvent(seq: number): void;
  /** Shows these events in the grid (a question's cited events), opening `focus`. */
  onShowEvents(label: string, seqs: number[], focus: number): void;
  /** Bumped when the journal changed elsewhere (the detail panel). */
  journalKey: number;
}

type Asking = { kind: 'tag' | 'comment' | 'untag' } | null;

export function JournalBar({
  selectedSeqs,
  filter,
  disabled,
  onChanged,
  onOpenEvent,
  onShowEvents,
  journalKey,
}: JournalBarProps) {
  const [asking, setAsking] = useState<Asking>(null);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [panelOpen, setPanelOpen] = useState(false);
  const [questionsOpen, setQuestionsOpen] = useState(false);
  const [tagNames, setTagNames] = useState<string[]>([]);
  const [refreshKey, setRefreshKey] = useState(0);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const none = selectedSeqs.length === 0;

  const write = useCallback(
    async (kind: 'tag' | 'untag' | 'comment' | 'star' | 'unstar', body: Record<string, string>) => {
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

  const ask = useCallback((kind: 'tag' | 'untag' | 'comment') => {
    setText('');
    setNote('');
    setAsking({ kind });
  }, []);

  useEffect(() => {
    if (disabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || asking) return;
      const key = e.key.toLowerCase();
      if (key === 'j') setPanelOpen((o) => !o);
      if (key === 'q') setQuestionsOpen((o) => !o);
      if (none) return;
      if (key === 't' || key === 'c') {
        e.preventDefault();
        ask(key === 'c' ? 'comment' : e.shiftKey ? 'untag' : 'tag');
      } else if (key === 's') void write(e.shiftKey ? 'unstar' : 'star', {});
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [disabled, none, asking, write, ask]);

  useEffect(() => {
    if (asking?.kind !== 'untag') return;
    invoke('journal.tags', {}).then(
      (tags) => setTagNames(tags.filter((t) => t.events > 0).map((t) => t.name)),
      (err) => setMessage({ severity: 'error', text: errorMessage(err) }),
    );
  }, [asking]);

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
        : asking.kind === 'untag'
          ? { name: text.trim() }
          : { text: text.trim() };
    setAsking(null);
    void write(asking.kind, body);
  };

  const title = { tag: 'Tag', untag: 'Untag', comment: 'Comment on' }[asking?.kind ?? 'tag'];
  const hint = none ? 'Select events in the grid first' : `${selectedSeqs.length} selected`;
  return (
    <>
      <Button disabled={disabled || none} onClick={() => ask('tag')} title={`Tag (T) · ${hint}`}>
        Tag
      </Button>
      <Button disabled={disabled || none} onClick={() => ask('comment')} title={`Comment (C) · ${hint}`}>
        Comment
      </Button>
      <Button disabled={disabled || none} onClick={() => ask('untag')} title={`Untag (Shift+T) · ${hint}`}>
        Untag
      </Button>
      <Button disabled={disabled || none} onClick={() => void write('star', {})} title={`Star (S) · ${hint}`}>
        Star
      </Button>
      <Button disabled={disabled || none} onClick={() => void write('unstar', {})} title={`Unstar (Shift+S) · ${hint}`}>
        Unstar
      </Button>
      <Button disabled={disabled} onClick={() => setPanelOpen(true)} title="The case journal (J)">
        Journal
      </Button>
      <Button disabled={disabled} onClick={() => setQuestionsOpen(true)} title="Questions and conclusions (Q)">
        Questions
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
          {title} {selectedSeqs.length} event(s)
        </DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <TextField
            autoFocus
            select={asking?.kind === 'untag'}
            label={asking?.kind === 'comment' ? 'Comment' : 'Tag name'}
            value={text}
            multiline={asking?.kind === 'comment'}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && asking?.kind === 'tag') submit();
            }}
          >
            {asking?.kind === 'untag' &&
              (tagNames.length
                ? tagNames.map((name) => (
                    <MenuItem key={name} value={name}>
                      {name}
                    </MenuItem>
                  ))
                : [
                    <MenuItem key="" value="" disabled>
                      No tags in this case
                    </MenuItem>,
                  ])}
          </TextField>
          {asking?.kind === 'tag' && (
            <TextField label="Why (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(null)}>Cancel</Button>
          <Button variant="contained" disabled={!text.trim()} onClick={submit}>
            {asking?.kind === 'comment' ? 'Comment' : title}
          </Button>
        </DialogActions>
      </Dialog>
      <QuestionsPanel
        open={questionsOpen}
        selectedSeqs={selectedSeqs}
        refreshKey={refreshKey + journalKey}
        onClose={() => setQuestionsOpen(false)}
        onChanged={(m) => {
          setMessage(m);
          onChanged();
        }}
        onShowEvents={(label, seqs, focus) => {
          setQuestionsOpen(false);
          onShowEvents(label, seqs, focus);
        }}
      />
      <JournalPanel
        open={panelOpen}
        refreshKey={refreshKey + journalKey}
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
