// First start: nothing to investigate yet. Offer the demo case, an import, or a case on disk.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { errorMessage, invoke } from '../api/client';
import type { AppMode } from '../api/transport';
import { newCase, openCase } from '../api/cases';

interface Props {
  mode: AppMode;
  hasStore: boolean;
  onImport(): void;
  onCaseOpened(): void;
}

export function EmptyState({ mode, hasStore, onImport, onCaseOpened }: Props) {
  const [recent, setRecent] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const desktop = mode === 'desktop';

  useEffect(() => {
    if (desktop) invoke('case.recent', {}).then(setRecent, () => setRecent([]));
  }, [desktop]);

  async function act(what: string, job: () => Promise<unknown>) {
    setBusy(what);
    setError(null);
    try {
      await job();
      onCaseOpened();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Paper
      component="section"
      aria-label="Get started"
      variant="outlined"
      sx={{ maxWidth: 640, mx: 'auto', mt: 8, p: 4 }}
    >
      <Typography variant="h5" component="h2" gutterBottom>
        {hasStore ? 'This case has no events yet' : 'Start an investigation'}
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mb: 3 }}>
        Import the audit log your signing platform exported (CSV, JSON or NDJSON), or explore a demo case of realistic
        events.
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {(hasStore || !desktop) && (
          <Button variant="contained" onClick={onImport} disabled={busy !== null}>
            Import a file…
          </Button>
        )}
        {desktop && (
          <>
            {!hasStore && (
              <Button variant="contained" disabled={busy !== null} onClick={() => void act('new', newCase)}>
                New case…
              </Button>
            )}
            <Button
              variant="outlined"
              disabled={busy !== null}
              onClick={() => void act('demo', () => invoke('case.demo', { events: 20_000 }))}
            >
              {busy === 'demo' ? 'Creating the demo case…' : 'Open the demo case'}
            </Button>
            <Button variant="outlined" disabled={busy !== null} onClick={() => void act('open', openCase)}>
              Open a case…
            </Button>
          </>
        )}
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {error}
        </Alert>
      )}
      {desktop && recent.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 3 }}>
            Recent cases
          </Typography>
          <List dense aria-label="Recent cases">
            {recent.map((path) => (
              <ListItemButton
                key={path}
                disabled={busy !== null}
                onClick={() => void act('recent', () => invoke('case.open', { path }))}
              >
                <ListItemText primary={path.split(/[\\/]/).pop()} secondary={path} />
              </ListItemButton>
            ))}
          </List>
        </>
      )}
      {!desktop && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 3 }}>
          To explore the demo case in the browser, stop the server and run “signtrail demo --store FILE”, then
          “signtrail serve --store FILE”.
        </Typography>
      )}
    </Paper>
  );
}
