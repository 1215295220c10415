import Chip from '@mui/material/Chip';
import type { Status } from '../../../shared/event';

const COLORS = { SUCCESS: 'success', FAILURE: 'error', DENIED: 'warning' } as const;

export function StatusChip({ status }: { status: Status }) {
  return <Chip size="small" label={status} color={COLORS[status] ?? 'default'} variant="outlined" />;
}

export const STATUS_COLORS = COLORS;
