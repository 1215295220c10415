// Electron security checklist 6, "Handle session permission requests from remote content": the
// app needs no camera, microphone, notifications, geolocation or anything else; refuse all.
export interface SessionWithPermissions {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

export function denyPermissionRequests(session: SessionWithPermissions): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
