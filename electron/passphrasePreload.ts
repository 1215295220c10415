// The passphrase prompt's preload (window/passphrasePrompt.ts): exposes one function that sends
// the typed passphrase, or null for Cancel, to main. Nothing else crosses.
import { contextBridge, ipcRenderer } from 'electron';

const PASSPHRASE_ANSWER = 'signtrail:passphrase';

contextBridge.exposeInMainWorld('signtrailPassphrase', {
  submit(value: string | null): void {
    ipcRenderer.send(PASSPHRASE_ANSWER, typeof value === 'string' ? value : null);
  },
});
