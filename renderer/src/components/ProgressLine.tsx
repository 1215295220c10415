// A job's progress: a bar (determinate when the total is known) and its phase in words.
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { ProgressEvent } from '../../../shared/channels';
import { progressWords } from './progressWords';

export function ProgressLine({ progress, label }: { progress: ProgressEvent | null; label: string }) {
  const percent = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : null;
  const words = progressWords(progress, label);
  return (
    <Box sx={{ my: 2 }}>
      <LinearProgress
        aria-label={label}
        variant={percent === null ? 'indeterminate' : 'determinate'}
        value={percent ?? undefined}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {words}
      </Typography>
    </Box>
  );
}
