// Error codes are part of the contract: every door sends the code with the sentence (IPC and HTTP
// replies carry `code`, the preload keeps it on the Error it rejects with, the CLI maps it to an exit
// status), so a client branches on the code, never on the wording of a message.
export const ERROR_CODES = {
  /** Arguments that fail the channel's schema; the message names the field. */
  InvalidArgumentsError: 'InvalidArgumentsError',
  /** A channel that is not in shared/channels.ts. */
  UnknownChannelError: 'UnknownChannelError',
  /** A desktop-only channel asked of browser mode or the command line. */
  DesktopOnlyError: 'DesktopOnlyError',
  /** An IPC call from a frame that is not the SignTrail window. */
  UntrustedSenderError: 'UntrustedSenderError',
  /** A keyword search that cannot be parsed; shown under the Search box. */
  SearchSyntaxError: 'SearchSyntaxError',
  /** A filter value the store cannot use: a time that is not a date-time, a seq not in the store. */
  FilterError: 'FilterError',
  /** A path the user did not pick in a dialog or drop on the window. */
  UngrantedPathError: 'UngrantedPathError',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The code an error travels with: its name (each error class names itself), or 'Error'. */
export function errorCode(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name ? name : 'Error';
}
