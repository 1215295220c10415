// A rule level's chip colour; the level is always written out too (never colour alone).
export const LEVEL_COLOR = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'info',
  informational: 'default',
} as const;
