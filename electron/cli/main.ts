#!/usr/bin/env node
// `signtrail`: the command line door to the service. Exit 0 on success, 1 on a finding or a
// rejected input, 2 on a usage or I/O error.
import { COMMANDS, type CommandContext } from './commands';
import { FindingExit, UsageError } from './usage';

const MAIN_HELP = `signtrail: investigate the audit trail of a code-signing platform, offline.

Usage: signtrail <command> --store FILE [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`)
  .join('\n')}

Every command takes --help. --json prints machine-readable output.
Exit status: 0 success, 1 a finding or a rejected input, 2 a usage or I/O error.`;

export async function runCli(argv: string[], io: CommandContext['io'] = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(MAIN_HELP);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    const { SIGNTRAIL_VERSION } = await import('../version');
    io.out(SIGNTRAIL_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`signtrail: unknown command "${name}". Run "signtrail --help" for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    await command.run(rest, { io });
    return 0;
  } catch (err) {
    if (err instanceof FindingExit) return 1;
    if (err instanceof UsageError) {
      io.err(`signtrail ${name}: ${err.message}\nRun "signtrail ${name} --help" for usage.`);
      return 2;
    }
    const e = err as Error;
    if (['ProofError', 'EvidenceError', 'JournalError'].includes(e.name)) {
      // The case cannot give what was asked (not sealed yet, changed): a rejected input.
      io.err(`signtrail ${name}: ${e.message}`);
      return 1;
    }
    io.err(`signtrail ${name}: ${e.message}`);
    return 2;
  }
}

function defaultIo(): CommandContext['io'] {
  return {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    progress: (text) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K`);
    },
  };
}

const invokedDirectly = process.argv[1] && /cli[/\\]main\.(ts|js)$|cli\.js$|signtrail(\.js)?$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`signtrail: ${(err as Error).stack}\n`);
      process.exitCode = 2;
    },
  );
}
