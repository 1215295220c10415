// The case's sync sources: kind, location, last sync, events added, last error; sync, confirm or remove each.
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/Delete';
import SyncIcon from '@mui/icons-material/Sync';
import Button from '@mui/material/Button';
import type { SyncSourceView } from '../../../../shared/sync';
import { useTime } from '../../state/timeContext';
import { lastSyncText } from './syncRules';

interface Props {
  sources: SyncSourceView[];
  busy: boolean;
  onSync(name: string): void;
  onRemove(name: string): void;
  /** Asks to confirm a source this installation has not confirmed (desktop: a native box; browser mode: the command line). */
  onConfirm(source: SyncSourceView): void;
}

export function SourcesTable({ sources, busy, onSync, onRemove, onConfirm }: Props) {
  const time = useTime();
  if (sources.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        This case has no sources yet. Add the platform&apos;s audit API or a drop folder.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Sync sources">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Location</TableCell>
          <TableCell>Last sync</TableCell>
          <TableCell align="right">Events added</TableCell>
          <TableCell>Last error</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {sources.map((s) => (
          <TableRow key={s.name}>
            <TableCell>{s.name}</TableCell>
            <TableCell>{s.kind === 'http' ? 'Audit API' : 'Folder'}</TableCell>
            <TableCell sx={{ wordBreak: 'break-all', maxWidth: 320 }}>{s.location}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{lastSyncText(s, time.format)}</TableCell>
            <TableCell align="right">{s.lastAppended === null ? '—' : s.lastAppended.toLocaleString('en')}</TableCell>
            <TableCell sx={{ color: s.lastError ? 'error.main' : undefined, maxWidth: 360 }}>
              {s.lastError ?? '—'}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {s.confirmed === false && (
                <Tooltip
                  describeChild
                  title="Not confirmed on this installation: it never runs until you confirm where it sends its token"
                >
                  <Button size="small" color="warning" onClick={() => onConfirm(s)} disabled={busy}>
                    Confirm {s.name}
                  </Button>
                </Tooltip>
              )}
              <Tooltip title={`Sync ${s.name} now`}>
                <span>
                  <IconButton aria-label={`Sync ${s.name}`} onClick={() => onSync(s.name)} disabled={busy} size="small">
                    <SyncIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
              <Tooltip title={`Forget ${s.name}; the events it brought stay`}>
                <span>
                  <IconButton
                    aria-label={`Remove ${s.name}`}
                    onClick={() => onRemove(s.name)}
                    disabled={busy}
                    size="small"
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
