// The keyboard shortcuts, opened with `?` (from anywhere but a text box) or the toolbar's key icon.
// docs/ui.md ("Keyboard") lists the same keys.
import { useEffect, useState } from 'react';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import KeyboardIcon from '@mui/icons-material/Keyboard';

export const SHORTCUTS: [string, string][] = [
  ['/', 'Focus Search'],
  ['Arrows, Page Up/Down, Home/End', 'Move in the grid'],
  ['Space', 'Tick the focused row'],
  ['Enter', "Open the focused row's detail"],
  ['Shift+F10', 'Filter on or exclude the focused value'],
  ['Esc', 'Close the detail or a dialog'],
  ['T', 'Tag the ticked rows (or the open event)'],
  ['Shift+T', 'Untag the ticked rows (or the open event)'],
  ['C', 'Comment on the ticked rows (or the open event)'],
  ['S', 'Star the ticked rows (or the open event)'],
  ['Shift+S', 'Unstar the ticked rows (or the open event)'],
  ['J', 'Open or close the Journal panel'],
  ['Q', 'Open or close the Questions panel'],
  ['?', 'This list'],
];

export const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function ShortcutsButton() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(e.target)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Tooltip title="Keyboard shortcuts (?)">
        <IconButton aria-label="Keyboard shortcuts" size="small" onClick={() => setOpen(true)}>
          <KeyboardIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="shortcuts-title">
        <DialogTitle id="shortcuts-title">Keyboard shortcuts</DialogTitle>
        <DialogContent>
          <Table size="small" aria-label="Keyboard shortcuts">
            <TableBody>
              {SHORTCUTS.map(([key, does]) => (
                <TableRow key={key}>
                  <TableCell component="th" scope="row" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
                    {key}
                  </TableCell>
                  <TableCell>{does}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </DialogContent>
      </Dialog>
    </>
  );
}
