// Light and dark themes; the app follows the OS's prefers-color-scheme. Status colours reach
// 4.5:1 against the background (DENIED's default orange did not), and every control shows a
// visible focus ring when reached by keyboard.
import { createTheme, type Theme } from '@mui/material/styles';

const SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function makeTheme(mode: 'light' | 'dark'): Theme {
  const primary = mode === 'dark' ? '#7ab7ff' : '#1f5fae';
  const focusRing = {
    '&.Mui-focusVisible': { outline: `2px solid ${primary}`, outlineOffset: 2 },
  };
  return createTheme({
    palette: {
      mode,
      primary: { main: primary },
      ...(mode === 'light'
        ? {
            // 5.0:1, 5.1:1 and 5.6:1 on white.
            warning: { main: '#b45309' },
            success: { main: '#2e7d32' },
            error: { main: '#c62828' },
          }
        : {}),
    },
    typography: { fontFamily: SYSTEM_FONTS },
    components: {
      MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: focusRing } },
      MuiIconButton: { styleOverrides: { root: focusRing } },
      // The unselected button's default grey (action.active) is 4.47:1 on the toolbar's grey.
      MuiToggleButton: {
        styleOverrides: { root: ({ theme }) => ({ color: theme.palette.text.secondary, ...focusRing }) },
      },
      MuiChip: { styleOverrides: { root: focusRing } },
      MuiTab: { styleOverrides: { root: focusRing } },
    },
  });
}
