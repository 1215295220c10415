// electron-builder afterPack hook: flips Electron fuses in the packaged binary (Electron security
// checklist 19, "Use fuses"), so the signed app cannot be turned into a general Node runtime,
// debugged into, or made to run code that is not its own asar:
// - RunAsNode, NODE_OPTIONS and --inspect off: no Node runtime, no debugger from outside.
// - EnableEmbeddedAsarIntegrityValidation on: the asar's hash, embedded by electron-builder in the
//   signed executable (macOS Info.plist, Windows resources), is checked at every load; a changed
//   asar does not start. Only what is inside the asar is covered, so the app's code (main, preload,
//   the service and every worker) stays inside it; only better-sqlite3's native addon is unpacked.
// - OnlyLoadAppFromAsar on: Electron loads the app only from app.asar, never an app/ folder
//   planted beside it.
// - GrantFileProtocolExtraPrivileges off: file:// pages get no extra privileges (the renderer is
//   served from app://signtrail/, see electron/window/appProtocol.ts).
// - EnableCookieEncryption on: cookies on disk are encrypted with the OS keystore.
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks as CommonJS */
const path = require('node:path');

/** Where the Electron binary sits inside the packed app, per platform. */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

/** The fuse settings, by @electron/fuses' FuseV1Options names. */
const FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
  EnableCookieEncryption: true,
};

async function flipAppFuses(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
  const options = {
    version: FuseVersion.V1,
    // macOS arm64 binaries must be re-signed after their bytes change.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
  };
  for (const [name, value] of Object.entries(FUSES)) {
    if (FuseV1Options[name] === undefined) throw new Error(`build/fuses.cjs: unknown fuse ${name}`);
    options[FuseV1Options[name]] = value;
  }
  await flipFuses(electronBinary(context), options);
}

exports.FUSES = FUSES;
exports.electronBinary = electronBinary;
exports.default = flipAppFuses;
