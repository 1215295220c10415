/** A command line the user got wrong: exit 2 with the command's help hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A finding or a rejected input: exit 1. */
export class FindingExit extends Error {
  override name = 'FindingExit';
}
