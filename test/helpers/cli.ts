// The `signtrail` command line run in-process (runCli, the function bin/signtrail.js calls): its
// exit status and what it printed to stdout and stderr. test/cli/process.ts runs the real bin.
import { runCli } from '../../electron/cli/main';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<Run> {
  const run = { out: '', err: '' };
  const code = await runCli(argv, {
    out: (t) => (run.out += t + '\n'),
    err: (t) => (run.err += t + '\n'),
    progress: () => {},
  });
  return { code, ...run };
}
