// Light and dark themes; the app follows the OS's prefers-color-scheme.
import { createTheme, type Theme } from '@mui/material/styles';

const SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function makeTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: { mode, primary: { main: mode === 'dark' ? '#7ab7ff' : '#1f5fae' } },
    typography: { fontFamily: SYSTEM_FONTS },
    components: { MuiButton: { defaultProps: { disableElevation: true } } },
  });
}
