// Browser mode's answers to the shell channels: only app.mode; the desktop-only ones are refused
// by the dispatcher before they get here.
import type { BrowserShellHandlers } from '../service/dispatch';

export function browserShell(): BrowserShellHandlers {
  return { 'app.mode': () => ({ mode: 'browser', hasStore: true }) };
}
