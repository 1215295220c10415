// Questions and their conclusions: ask a question (citing the ticked events, if wanted), answer it
// with a conclusion that cites events as facts, list them open or answered, and jump from a cited
// event to the grid (the grid shows the cited events and opens that one).
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { QuestionView } from '../../../../shared/journal';
import { SidePanel } from '../SidePanel';
import { errorMessage, invoke } from '../../api/client';
import { journalTime, type JournalMessage } from './useJournalMessage';

export interface QuestionsPanelProps {
  open: boolean;
  /** Ticked rows, which a question or conclusion can cite. */
  selectedSeqs: number[];
  refreshKey: number;
  onClose(): void;
  onChanged(message: JournalMessage): void;
  /** Shows `seqs` in the grid (described by `label`) and opens `focus`. */
  onShowEvents(label: string, seqs: number[], focus: number): void;
}

type Show = 'all' | 'open' | 'answered';

export function QuestionsPanel({
  open,
  selectedSeqs,
  refreshKey,
  onClose,
  onChanged,
  onShowEvents,
}: QuestionsPanelProps) {
  const [list, setList] = useState<QuestionView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [show, setShow] = useState<Show>('all');
  const [text, setText] = useState('');
  const [cite, setCite] = useState(true);
  const [answering, setAnswering] = useState<string | null>(null);
  const [answer, setAnswer] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!open) return;
    let live = true;
    invoke('journal.questions', {}).then(
      (l) => live && (setList(l), setError(null)),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [open, refreshKey, reload]);

  const seqs = cite ? selectedSeqs : [];
  const write = async (kind: 'question' | 'conclusion', body: Record<string, string>) => {
    try {
      const entry = await invoke('journal.add', { kind, body, seqs });
      onChanged({
        severity: 'success',
        text: `Journal entry ${entry.seq}: ${kind}${entry.events.length ? ` citing ${entry.events.length} event(s)` : ''}.`,
      });
      setReload((k) => k + 1);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };

  const shown = list.filter((q) => show === 'all' || (show === 'answered') === q.conclusions.length > 0);
  const citeBox = (
    <FormControlLabel
      control={<Checkbox checked={cite && selectedSeqs.length > 0} onChange={(e) => setCite(e.target.checked)} />}
      disabled={selectedSeqs.length === 0}
      label={
        selectedSeqs.length ? `Cite the ${selectedSeqs.length} ticked event(s)` : 'Tick events in the grid to cite them'
      }
    />
  );
  const eventChips = (label: string, events: number[]) => (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}>
      {events.slice(0, 30).map((seq) => (
        <Chip
          key={seq}
          size="small"
          label={`event ${seq}`}
          onClick={() => onShowEvents(label, events, seq)}
          title="Show the cited events in the grid and open this one"
        />
      ))}
      {events.length > 30 && <Chip size="small" label={`+${events.length - 30} more`} />}
    </Box>
  );

  return (
    <SidePanel
      open={open}
      onClose={onClose}
      title="Questions"
      width={520}
      description="What the investigation asks, and the conclusions that answer it with events as facts. Each is a signed journal entry."
    >
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, my: 1 }}>
        <TextField label="New question" size="small" multiline value={text} onChange={(e) => setText(e.target.value)} />
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          {citeBox}
          <Button
            variant="contained"
            disabled={!text.trim()}
            onClick={() => void write('question', { text: text.trim() }).then((ok) => ok && setText(''))}
          >
            Ask
          </Button>
        </Box>
      </Box>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={show}
        onChange={(_, v: Show | null) => v && setShow(v)}
        aria-label="Show questions"
      >
        <ToggleButton value="all">All</ToggleButton>
        <ToggleButton value="open">Open</ToggleButton>
        <ToggleButton value="answered">Answered</ToggleButton>
      </ToggleButtonGroup>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <List dense aria-label="Questions in the journal">
        {shown.map((q) => (
          <ListItem
            key={q.id}
            data-testid="question"
            sx={{ display: 'block', borderBottom: 1, borderColor: 'divider' }}
          >
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <Chip
                size="small"
                color={q.conclusions.length ? 'success' : 'warning'}
                label={q.conclusions.length ? 'answered' : 'open'}
              />
              <Typography variant="caption" color="text.secondary">
                #{q.seq} · {journalTime(q.time)} · {q.analyst}
              </Typography>
            </Box>
            <Typography variant="body1" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {q.text}
            </Typography>
            {q.events.length > 0 && eventChips(`cited by the question “${q.text}”`, q.events)}
            {q.conclusions.map((c) => (
              <Box
                key={c.id}
                data-testid="conclusion"
                sx={{ ml: 2, mt: 1, pl: 1, borderLeft: 2, borderColor: 'success.main' }}
              >
                <Typography variant="caption" color="text.secondary">
                  Conclusion #{c.seq} · {journalTime(c.time)} · {c.analyst}
                </Typography>
                <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {c.text}
                </Typography>
                {c.events.length > 0 && eventChips(`cited by the conclusion “${c.text}”`, c.events)}
              </Box>
            ))}
            {answering === q.id ? (
              <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mt: 1 }}>
                <TextField
                  autoFocus
                  size="small"
                  multiline
                  label="Conclusion"
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                />
                {citeBox}
                <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
                  <Button onClick={() => setAnswering(null)}>Cancel</Button>
                  <Button
                    variant="contained"
                    disabled={!answer.trim()}
                    onClick={() =>
                      void write('conclusion', { question: q.id, text: answer.trim() }).then(
                        (ok) => ok && setAnswering(null),
                      )
                    }
                  >
                    Save conclusion
                  </Button>
                </Box>
              </Box>
            ) : (
              <Button
                size="small"
                sx={{ mt: 0.5 }}
                onClick={() => {
                  setAnswer('');
                  setAnswering(q.id);
                }}
              >
                Answer
              </Button>
            )}
          </ListItem>
        ))}
      </List>
      {shown.length === 0 && !error && <Typography variant="body2">No questions.</Typography>}
    </SidePanel>
  );
}
