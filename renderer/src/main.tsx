import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptTokenFromUrl } from './api/session';
import { appMode } from './api/transport';
import { Root } from './Root';

// The token must leave the address bar before anything copies the URL.
if (appMode() === 'browser') adoptTokenFromUrl();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
