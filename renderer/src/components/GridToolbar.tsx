// The grid's toolbar: the event count on the left, the column chooser on the right.
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import { ColumnsPanelTrigger, Toolbar, ToolbarButton } from '@mui/x-data-grid';

declare module '@mui/x-data-grid' {
  interface ToolbarPropsOverrides {
    countText: string;
  }
}

export function EventsToolbar({ countText }: { countText: string }) {
  return (
    <Toolbar>
      <Typography variant="body2" sx={{ flex: 1, px: 1 }} data-testid="event-count" aria-live="polite">
        {countText}
      </Typography>
      <Tooltip title="Choose columns">
        <ColumnsPanelTrigger render={<ToolbarButton aria-label="Choose columns" />}>
          <ViewColumnIcon fontSize="small" />
        </ColumnsPanelTrigger>
      </Tooltip>
    </Toolbar>
  );
}
