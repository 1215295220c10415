// Saved searches: the current filter saved under a name as a `saved-search` journal entry, listed
// newest first, applied, or withdrawn by a retract entry (never edited). A saved filter comes from
// the case file, which is hostile input: the service checks it against the filter contract, and it
// is checked again here before it reaches the filter bar; a refused one says which field and why.
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import { eventFilterSchema } from '../../../../shared/filter';
import type { SavedSearchView } from '../../../../shared/journal';
import { errorMessage, invoke } from '../../api/client';
import { filterToHash, fromEventFilter, toEventFilter, type FilterState } from '../../filter/filterState';
import { describeView } from '../ViewsMenu';
import { journalTime, useJournalMessage } from './useJournalMessage';

export interface SavedSearchesMenuProps {
  filter: FilterState;
  disabled: boolean;
  refreshKey: number;
  onApply(next: FilterState): void;
  onChanged(): void;
}

/** The saved filter as the filter bar's state, or why it is refused. */
export function checkSavedFilter(s: SavedSearchView): { state: FilterState } | { problem: string } {
  if (s.problem !== null || s.filter === null)
    return { problem: s.problem ?? `Saved search "${s.name}" has no filter.` };
  const parsed = eventFilterSchema.safeParse(s.filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      problem: `Saved search "${s.name}": filter.${issue.path.map(String).join('.')}: ${issue.message}. It is not applied.`,
    };
  }
  return { state: fromEventFilter(parsed.data) };
}

export function SavedSearchesMenu({ filter, disabled, refreshKey, onApply, onChanged }: SavedSearchesMenuProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [list, setList] = useState<SavedSearchView[]>([]);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [reload, setReload] = useState(0);
  const [snackbar, show] = useJournalMessage('saved-search-message');

  const menuOpen = anchor !== null;
  useEffect(() => {
    // Read again on every opening: the journal may have grown from another door (the CLI).
    if (disabled) return;
    let live = true;
    invoke('journal.savedSearches', {}).then(
      (l) => live && setList(l),
      (err) => live && show({ severity: 'error', text: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [disabled, refreshKey, reload, show, menuOpen]);

  const write = async (kind: 'saved-search' | 'retract', body: Record<string, unknown>, done: string) => {
    try {
      const entry = await invoke('journal.add', { kind, body: body as never });
      show({ severity: 'success', text: `Journal entry ${entry.seq}: ${done}` });
      setReload((k) => k + 1);
      onChanged();
    } catch (err) {
      show({ severity: 'error', text: errorMessage(err) });
    }
  };

  const save = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    setNaming(false);
    let current;
    try {
      current = toEventFilter(filter);
    } catch (err) {
      show({ severity: 'error', text: errorMessage(err) });
      return;
    }
    void write('saved-search', { name: trimmed, filter: current }, `saved search "${trimmed}".`);
  };

  const apply = (s: SavedSearchView) => {
    setAnchor(null);
    const checked = checkSavedFilter(s);
    if ('problem' in checked) show({ severity: 'error', text: checked.problem });
    else {
      onApply(checked.state);
      show({ severity: 'success', text: `Applied saved search "${s.name}".` });
    }
  };

  return (
    <>
      <Button
        variant="outlined"
        disabled={disabled}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        title="Searches saved in the case journal"
      >
        Saved searches
      </Button>
      <Menu
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { dense: true, 'aria-label': 'Saved searches' } }}
      >
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setName('');
            setNaming(true);
          }}
        >
          Save this search…
        </MenuItem>
        <Divider />
        <ListSubheader>In the case journal</ListSubheader>
        {list.length === 0 && <MenuItem disabled>None yet</MenuItem>}
        {list.map((s) => (
          <MenuItem
            key={s.id}
            onClick={() => apply(s)}
            data-testid="saved-search"
            title={s.filter ? describeView(filterToHash(fromEventFilter(s.filter))) : (s.problem ?? '')}
          >
            <ListItemText
              primary={s.name}
              secondary={`${s.analyst} · ${journalTime(s.time)}${s.problem ? ' · refused: not a valid filter' : ''}`}
            />
            <IconButton
              edge="end"
              size="small"
              aria-label={`Retract saved search ${s.name}`}
              onClick={(e) => {
                e.stopPropagation();
                setAnchor(null);
                void write('retract', { entry: s.id }, `saved search "${s.name}" retracted.`);
              }}
            >
              <DeleteOutlineIcon fontSize="small" />
            </IconButton>
          </MenuItem>
        ))}
      </Menu>
      <Dialog open={naming} onClose={() => setNaming(false)} fullWidth maxWidth="xs">
        <DialogTitle>Save this search in the case journal</DialogTitle>
        <DialogContent sx={{ pt: '8px !important' }}>
          <TextField
            autoFocus
            fullWidth
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && save()}
            helperText={describeView(filterToHash(filter))}
            slotProps={{ htmlInput: { maxLength: 128 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setNaming(false)}>Cancel</Button>
          <Button variant="contained" disabled={!name.trim()} onClick={save}>
            Save
          </Button>
        </DialogActions>
      </Dialog>
      {snackbar}
    </>
  );
}
