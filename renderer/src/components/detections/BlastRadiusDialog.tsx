// A key's blast radius: every signing with it in the window, the artifacts, requesters, agents,
// approvers and certificates, with CSV export.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { BlastRadius } from '../../../../shared/detections';
import { errorMessage, invoke } from '../../api/client';

const COLUMNS = [
  'timestamp',
  'seq',
  'id',
  'status',
  'artifact',
  'digest',
  'requester',
  'agent',
  'approvers',
  'requestId',
] as const;

/** A CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet does not run it. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return '"' + text.replace(/"/g, '""') + '"';
}

export function blastRadiusCsv(r: BlastRadius): string {
  const lines = [COLUMNS.join(',')];
  for (const s of r.signings) lines.push(COLUMNS.map((c) => cell(s[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function BlastRadiusDialog({ keyId, onClose }: { keyId: string | null; onClose(): void }) {
  const [result, setResult] = useState<BlastRadius | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setResult(null);
    setError(null);
    if (!keyId) return;
    invoke('detect.blastRadius', { keyId }).then(setResult, (err) => setError(errorMessage(err)));
  }, [keyId]);

  const download = () => {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([blastRadiusCsv(result)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `blast-radius-${result.keyId}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Dialog open={keyId !== null} onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="blast-title">
      <DialogTitle id="blast-title">Blast radius of {keyId}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        {result && (
          <>
            <Typography variant="body2" role="status" aria-label="Blast radius window">
              From {result.from ?? 'the first event'} ({result.fromReason}) to {result.to ?? 'now'}:{' '}
              {result.signings.length} signing operation{result.signings.length === 1 ? '' : 's'}
            </Typography>
            <Typography variant="body2">Requesters: {result.requesters.join(', ') || '-'}</Typography>
            <Typography variant="body2">Agents: {result.agents.join(', ') || '-'}</Typography>
            <Typography variant="body2">Approvers: {result.approvers.join(', ') || '-'}</Typography>
            <Typography variant="body2">
              Certificates: {result.certificates.map((c) => `${c.id} (${c.name ?? ''})`).join(', ') || '-'}
            </Typography>
            <Table size="small" aria-label="Signings with the key">
              <TableHead>
                <TableRow>
                  <TableCell>Time</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Artifact</TableCell>
                  <TableCell>Digest</TableCell>
                  <TableCell>Requester</TableCell>
                  <TableCell>Agent</TableCell>
                  <TableCell>Approvers</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.signings.map((s) => (
                  <TableRow key={s.seq}>
                    <TableCell>{s.timestamp}</TableCell>
                    <TableCell>{s.status}</TableCell>
                    <TableCell>{s.artifact}</TableCell>
                    <TableCell>{s.digest}</TableCell>
                    <TableCell>{s.requester ?? s.actorId}</TableCell>
                    <TableCell>{s.agent}</TableCell>
                    <TableCell>{s.approvers.join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={download} disabled={!result}>
          Export CSV
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
