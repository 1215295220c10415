// Theme (following the OS), time settings, then the app.
import { useMemo } from 'react';
import CssBaseline from '@mui/material/CssBaseline';
import useMediaQuery from '@mui/material/useMediaQuery';
import { ThemeProvider } from '@mui/material/styles';
import { App } from './App';
import { TimeProvider } from './state/timeContext';
import { makeTheme } from './theme';

export function Root() {
  const dark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const theme = useMemo(() => makeTheme(dark ? 'dark' : 'light'), [dark]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <TimeProvider>
        <App />
      </TimeProvider>
    </ThemeProvider>
  );
}
