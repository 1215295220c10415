import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import Typography from '@mui/material/Typography';

export interface SidePanelProps {
  open: boolean;
  onClose(): void;
  /** The panel's heading and its region's accessible name. */
  title: string;
  /** One line under the heading: what the panel holds. */
  description: string;
  width: number;
  children: ReactNode;
}

/** A temporary drawer on the right: a named region with a heading and a line saying what it holds. */
export function SidePanel({ open, onClose, title, description, width, children }: SidePanelProps) {
  return (
    <Drawer anchor="right" open={open} onClose={onClose} slotProps={{ paper: { sx: { width } } }}>
      <Box sx={{ p: 2 }} role="region" aria-label={title}>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {description}
        </Typography>
        {children}
      </Box>
    </Drawer>
  );
}
