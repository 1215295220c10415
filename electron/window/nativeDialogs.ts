// Native open and save dialogs over Electron's dialog module, attached to the main window.
import type { NativeDialogs } from '../desktop/handlers';

export interface DialogLike {
  showOpenDialog(window: unknown, options: object): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: unknown, options: object): Promise<{ canceled: boolean; filePath?: string }>;
  showMessageBox(window: unknown, options: object): Promise<{ response: number }>;
}

const FILTERS = {
  import: [
    { name: 'Audit exports', extensions: ['csv', 'json', 'ndjson', 'jsonl', 'sealed'] },
    { name: 'All files', extensions: ['*'] },
  ],
  checkpoint: [
    { name: 'Checkpoints', extensions: ['checkpoint', 'txt'] },
    { name: 'All files', extensions: ['*'] },
  ],
  case: [
    { name: 'SignTrail cases', extensions: ['sqlite', 'db'] },
    { name: 'All files', extensions: ['*'] },
  ],
  folder: [],
  file: [{ name: 'All files', extensions: ['*'] }],
  rules: [],
};

const PROPERTIES: Record<keyof typeof FILTERS, string[]> = {
  import: ['openFile', 'multiSelections'],
  checkpoint: ['openFile'],
  case: ['openFile'],
  folder: ['openDirectory'],
  file: ['openFile', 'showHiddenFiles'],
  rules: ['openDirectory'],
};

export function createNativeDialogs(dialog: DialogLike, window: () => unknown): NativeDialogs {
  return {
    async openFiles(purpose) {
      const result = await dialog.showOpenDialog(window(), {
        properties: PROPERTIES[purpose],
        filters: FILTERS[purpose],
      });
      return result.canceled ? [] : result.filePaths;
    },
    async confirm(message, detail, yes) {
      const result = await dialog.showMessageBox(window(), {
        type: 'question',
        buttons: ['Cancel', yes],
        defaultId: 0,
        cancelId: 0,
        message,
        detail,
      });
      return result.response === 1;
    },
    async save(defaultName) {
      const result = await dialog.showSaveDialog(window(), { defaultPath: defaultName });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
