// The application menu. Items that need the UI (dialogs, progress) are sent to the renderer as
// menu commands; the renderer runs them through the same channels as its own buttons.
import type { MenuCommand } from '../../shared/preload';

export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export function buildApplicationMenu(
  send: (command: MenuCommand) => void,
  platform: string = process.platform,
): MenuItemTemplate[] {
  const item = (label: string, command: MenuCommand, accelerator: string): MenuItemTemplate => ({
    label,
    accelerator,
    click: () => send(command),
  });
  const file: MenuItemTemplate = {
    label: 'File',
    submenu: [
      item('New case', 'case.new', 'CmdOrCtrl+N'),
      item('Open case…', 'case.open', 'CmdOrCtrl+O'),
      { type: 'separator' },
      item('Import…', 'import', 'CmdOrCtrl+I'),
      item('Export…', 'export', 'CmdOrCtrl+E'),
      item('Verify', 'verify', 'CmdOrCtrl+Shift+V'),
      { type: 'separator' },
      { label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  const edit: MenuItemTemplate = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemTemplate = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const app: MenuItemTemplate[] = platform === 'darwin' ? [{ role: 'appMenu' }] : [];
  return [...app, file, edit, view, { role: 'windowMenu' }];
}
