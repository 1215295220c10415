// electron-builder afterPack hook: flips Electron fuses in the packaged binary (Electron
// security checklist, "Use fuses"). RunAsNode, NODE_OPTIONS and --inspect off, so the signed
// app cannot be turned into a general Node runtime or debugged into by another program.
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

exports.default = async function flipFuses(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
  await flipFuses(electronBinary(context), {
    version: FuseVersion.V1,
    // macOS arm64 binaries must be re-signed after their bytes change.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
  });
};
