import pkg from '../package.json';

export const SIGNTRAIL_VERSION: string = pkg.version;
