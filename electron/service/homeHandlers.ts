// The installation's channels: answered from the SignTrail home, with no case open (the key that
// signs this installation's checkpoints, a demo case written to a new file).
import type { HomeHandlers } from './dispatch';
import { loadOrCreateSigningKey, signTrailHome, type KeySealer } from '../integrity/keys';
import { createDemoCase } from './demoCase';
import { checkFolderArgument, homeRuleFolders, listRuleFolders } from '../detect/ruleFolders';

export interface HomeOptions {
  /** SignTrail home: the signing key and settings. Default: SIGNTRAIL_HOME or the OS config folder. */
  home?: string;
  sealer?: KeySealer;
}

export function homeHandlers(options: HomeOptions = {}): HomeHandlers {
  const home = () => options.home ?? signTrailHome();
  const rules = () => homeRuleFolders(home());
  return {
    'rules.installationList': () => listRuleFolders(rules(), null),
    'rules.installationAdd': (args) => {
      rules().addInstallationFolder(checkFolderArgument(args.folder));
      return listRuleFolders(rules(), null);
    },
    'rules.installationRemove': (args) => {
      const removed = rules().removeInstallationFolder(args.folder);
      return { ...listRuleFolders(rules(), null), removed };
    },
    'key.verifier': () => ({ verifierKey: loadOrCreateSigningKey(home(), options.sealer).verifierKey }),
    'demo.create': (args, ctx) =>
      createDemoCase(args.path, args.events, (done) => ctx.progress('Generating', done, null), {
        home: options.home,
        sealer: options.sealer,
      }),
  };
}
