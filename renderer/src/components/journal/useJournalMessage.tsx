// A short-lived message after a journal write (its entry number, or why it was refused).
import { useCallback, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';

export type JournalMessage = { severity: 'success' | 'error'; text: string };

/** The snackbar to render, and the function that shows a message in it. */
export function useJournalMessage(testId: string): [ReactNode, (message: JournalMessage | null) => void] {
  const [message, setMessage] = useState<JournalMessage | null>(null);
  const show = useCallback((m: JournalMessage | null) => setMessage(m), []);
  const node = (
    <Snackbar open={message !== null} autoHideDuration={8000} onClose={() => setMessage(null)}>
      {message ? (
        <Alert severity={message.severity} onClose={() => setMessage(null)} data-testid={testId}>
          {message.text}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
  return [node, show];
}

/** Journal times as the panel shows them: `2026-03-02 09:05:00 UTC`. */
export const journalTime = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;
