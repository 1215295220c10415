// Back and Forward through filter and zoom changes, and the Views menu: name the current view,
// go back to a named or recent one. A view is its link, so it can be copied too.
import { useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { criteriaChips, filterFromHash, filterToHash, type FilterState } from '../filter/filterState';
import { nameView, namedViews, recentViews, type View } from '../state/views';

/** A view in words: its criteria, or "Every event". */
export function describeView(hash: string): string {
  const state = filterFromHash(hash);
  const parts = criteriaChips(state).map((c) => c.label);
  return parts.length ? parts.join(', ') : 'Every event';
}

export function HistoryButtons() {
  return (
    <>
      <Tooltip title="Back: the previous filter or zoom">
        <IconButton aria-label="Back" onClick={() => window.history.back()} size="small">
          <ArrowBackIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Forward">
        <IconButton aria-label="Forward" onClick={() => window.history.forward()} size="small">
          <ArrowForwardIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </>
  );
}

export function ViewsMenu({ filter }: { filter: FilterState }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const go = (view: View) => {
    setAnchor(null);
    window.location.hash = view.hash;
  };
  const named = anchor ? namedViews() : [];
  const recent = anchor ? recentViews() : [];
  return (
    <>
      <Button variant="outlined" onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        Views
      </Button>
      <Menu
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { dense: true } }}
      >
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setName('');
            setNaming(true);
          }}
        >
          Name this view…
        </MenuItem>
        <Divider />
        <ListSubheader>Named views</ListSubheader>
        {named.length === 0 && <MenuItem disabled>None yet</MenuItem>}
        {named.map((v) => (
          <MenuItem key={v.name} onClick={() => go(v)} title={describeView(v.hash)}>
            {v.name}
          </MenuItem>
        ))}
        <Divider />
        <ListSubheader>Recent views</ListSubheader>
        {recent.length === 0 && <MenuItem disabled>None yet</MenuItem>}
        {recent.map((v) => (
          <MenuItem key={v.hash} onClick={() => go(v)} sx={{ maxWidth: 520 }}>
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{describeView(v.hash)}</span>
          </MenuItem>
        ))}
      </Menu>
      <Dialog open={naming} onClose={() => setNaming(false)} aria-labelledby="name-view-title">
        <DialogTitle id="name-view-title">Name this view</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            size="small"
            label="View name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            helperText={describeView(filterToHash(filter))}
            sx={{ mt: 1 }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && name.trim()) {
                nameView(name, filterToHash(filter));
                setNaming(false);
              }
            }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setNaming(false)}>Cancel</Button>
          <Button
            variant="contained"
            disabled={!name.trim()}
            onClick={() => {
              nameView(name, filterToHash(filter));
              setNaming(false);
            }}
          >
            Save
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
