// What the last sync did, one alert per source: imported, duplicates, conflicts, pending and rejected files, errors.
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import type { SyncRunReport } from '../../../../shared/sync';
import { runSeverity, runSummary } from './syncRules';

export function SyncResults({ reports }: { reports: SyncRunReport[] }) {
  return reports.map((r) => (
    <Alert
      key={r.source}
      severity={runSeverity(r)}
      sx={{ mt: 2 }}
      role="status"
      aria-label={`Sync result for ${r.source}`}
    >
      <Typography variant="subtitle2" component="h3">
        {r.source}
      </Typography>
      <Typography variant="body2" data-testid="sync-counts">
        {runSummary(r)}
      </Typography>
      {r.error && <Typography variant="body2">{r.error}</Typography>}
      {r.rejected.map((f) => (
        <Typography key={f.file} variant="body2">
          Rejected {f.file}: {f.message}
        </Typography>
      ))}
      {r.pending.map((file) => (
        <Typography key={file} variant="body2" color="text.secondary">
          Still being written: {file}
        </Typography>
      ))}
      {r.conflictReports.slice(0, 20).map((c) => (
        <Typography key={`${c.eventId}-${c.line}`} variant="body2">
          Conflict: event {c.eventId} came again with other content; the stored version is kept.
        </Typography>
      ))}
    </Alert>
  ));
}
