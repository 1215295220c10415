// The Detections panel's rule folders: this installation's and this case's, each with whether it is
// read. A folder the case file names is shown and not read until the user confirms it here (a
// native box asks) or on the command line. Browser mode names no folders: it says which command to use.
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import {
  RULE_FOLDER_BROWSER_REFUSAL,
  type RuleFolders,
  type RuleFolderScope,
  type RuleFolderView,
} from '../../../../shared/ruleFolders';
import { errorMessage, invoke } from '../../api/client';
import { appMode } from '../../api/transport';

const SCOPE_LABEL: Record<RuleFolderScope, string> = {
  installation: 'Every case (this installation)',
  case: 'This case',
};

export function RuleFoldersSection({
  notLoaded,
  onChanged,
}: {
  /** The last run's folders it did not read (the list shows why). */
  notLoaded: { folder: string; note: string }[];
  /** The folders changed: run the rules again over the whole case. */
  onChanged(): void;
}) {
  const [list, setList] = useState<RuleFolders | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const load = useCallback(() => {
    invoke('detect.folders', {}).then(setList, (err) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load, notLoaded.length]);

  const change = async (call: () => Promise<RuleFolders>) => {
    setError(null);
    try {
      setList(await call());
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const add = async (scope: RuleFolderScope) => {
    setRefusal(null);
    if (appMode() === 'browser') {
      // The server refuses it too (electron/serve/guards.ts); say so before asking, with the command.
      setRefusal(RULE_FOLDER_BROWSER_REFUSAL);
      return;
    }
    let chosen: string[];
    try {
      chosen = await invoke('app.openFilesDialog', { purpose: 'rules' });
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    if (chosen[0]) await change(() => invoke('detect.addFolder', { folder: chosen[0], scope }));
  };

  const folders = list?.folders ?? [];
  return (
    <Box component="section" aria-label="Rule folders">
      <Typography variant="subtitle2" component="h3">
        Rule folders
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Your own Sigma rules, read at every run besides the shipped pack.
      </Typography>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {refusal && (
        <Alert severity="info" sx={{ mt: 1 }} role="status" aria-label="Rule folder refusal">
          {refusal}
        </Alert>
      )}
      {list?.problems.map((p) => (
        <Alert key={p} severity="warning" sx={{ mt: 1 }}>
          {p}
        </Alert>
      ))}
      {notLoaded.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }} aria-label="Rule folders not read">
          {notLoaded.length === 1 ? 'A rule folder was' : `${notLoaded.length} rule folders were`} not read in the last
          run; see below.
        </Alert>
      )}
      <List dense aria-label="Remembered rule folders">
        {folders.length === 0 && (
          <ListItem>
            <ListItemText secondary="No rule folders yet." />
          </ListItem>
        )}
        {folders.map((f) => (
          <FolderItem
            key={`${f.scope}:${f.folder}`}
            folder={f}
            onConfirm={() => void change(() => invoke('detect.confirmFolder', { folder: f.folder }))}
            onRemove={() => void change(() => invoke('detect.removeFolder', { folder: f.folder, scope: f.scope }))}
          />
        ))}
      </List>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button size="small" variant="outlined" onClick={() => void add('case')}>
          Add a folder for this case
        </Button>
        <Button size="small" variant="outlined" onClick={() => void add('installation')}>
          Add a folder for every case
        </Button>
      </Box>
    </Box>
  );
}

function FolderItem({
  folder: f,
  onConfirm,
  onRemove,
}: {
  folder: RuleFolderView;
  onConfirm(): void;
  onRemove(): void;
}) {
  return (
    <ListItem
      disableGutters
      aria-label={`Rule folder ${f.folder}`}
      sx={{ flexDirection: 'column', alignItems: 'stretch' }}
    >
      <ListItemText
        primary={f.folder}
        secondary={`${SCOPE_LABEL[f.scope]} · ${f.confirmed ? 'read at every run' : 'not read'}`}
        slotProps={{ primary: { sx: { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' } } }}
      />
      {!f.confirmed && (
        <Alert severity="warning" sx={{ py: 0 }}>
          Not read: {f.note}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1 }}>
        {!f.confirmed && f.scope === 'case' && (
          <Button size="small" onClick={onConfirm} aria-label={`Confirm the rule folder ${f.folder}`}>
            Confirm…
          </Button>
        )}
        <Button size="small" onClick={onRemove} aria-label={`Remove the rule folder ${f.folder}`}>
          Remove
        </Button>
      </Box>
    </ListItem>
  );
}
