// The Journal panel: the case's entries in time order, filterable by kind, analyst and tag, each
// linked to the events it concerns.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { JOURNAL_KINDS, type JournalEntryView, type JournalKind } from '../../../../shared/journal';
import { SidePanel } from '../SidePanel';
import { errorMessage, invoke } from '../../api/client';

export interface JournalPanelProps {
  open: boolean;
  /** Bumped after every write, so the panel reloads. */
  refreshKey: number;
  onClose(): void;
  onOpenEvent(seq: number): void;
}

function entryText(e: JournalEntryView): string {
  const b = e.body as Record<string, unknown>;
  const text = typeof b.text === 'string' ? b.text : typeof b.name === 'string' ? b.name : '';
  const latest = e.amendedBy.length ? e.amendedBy[e.amendedBy.length - 1].text : text;
  if (e.kind === 'verify')
    return b.ok ? 'intact' : `findings: ${String((b.findings as unknown[] | undefined)?.length ?? '')}`;
  if (e.kind === 'import') return `${String(b.file ?? '')}: ${String(b.appended ?? 0)} appended`;
  return latest;
}

export function JournalPanel({ open, refreshKey, onClose, onOpenEvent }: JournalPanelProps) {
  const [kind, setKind] = useState<JournalKind | ''>('');
  const [analyst, setAnalyst] = useState('');
  const [tag, setTag] = useState('');
  const [entries, setEntries] = useState<JournalEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    invoke('journal.list', {
      kinds: kind ? [kind] : undefined,
      analyst: analyst.trim() || undefined,
      tag: tag.trim() || undefined,
    }).then(
      (list) => live && (setEntries(list), setError(null)),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [open, kind, analyst, tag, refreshKey]);

  return (
    <SidePanel
      open={open}
      onClose={onClose}
      title="Journal"
      width={480}
      description="What was done in this case, oldest first. Signed and append-only: corrections are new entries."
    >
      <Box sx={{ display: 'flex', gap: 1, my: 1 }}>
        <TextField
          select
          size="small"
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as JournalKind | '')}
          sx={{ minWidth: 130 }}
        >
          <MenuItem value="">any</MenuItem>
          {JOURNAL_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {k}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" label="Analyst" value={analyst} onChange={(e) => setAnalyst(e.target.value)} />
        <TextField size="small" label="Tag" value={tag} onChange={(e) => setTag(e.target.value)} />
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      <List dense aria-label="Journal entries">
        {entries.map((e) => (
          <ListItem
            key={e.id}
            data-testid="journal-entry"
            sx={{ display: 'block', borderBottom: 1, borderColor: 'divider' }}
          >
            <Typography variant="caption" color="text.secondary">
              #{e.seq} · {e.time.slice(0, 19).replace('T', ' ')} UTC · {e.analyst}
            </Typography>
            <Typography variant="body2" sx={{ textDecoration: e.retractedBy ? 'line-through' : 'none' }}>
              <strong>{e.kind}</strong> {entryText(e)}
              {e.amendedBy.length > 0 && ' (amended)'}
              {e.retractedBy && ' (retracted)'}
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}>
              {e.events.slice(0, 20).map((ev) => (
                <Chip key={ev.seq} size="small" label={`event ${ev.seq}`} onClick={() => onOpenEvent(ev.seq)} />
              ))}
              {e.events.length > 20 && <Chip size="small" label={`+${e.events.length - 20} more`} />}
            </Box>
          </ListItem>
        ))}
      </List>
      {entries.length === 0 && !error && <Typography variant="body2">No entries.</Typography>}
    </SidePanel>
  );
}
