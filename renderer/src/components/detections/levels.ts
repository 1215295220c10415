// A rule level's chip colour; the level is always written out too (never colour alone).
// (MUI's info blue under white text is 3.85:1, below WCAG AA: low uses the theme's primary.)
export const LEVEL_COLOR = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'primary',
  informational: 'default',
} as const;
