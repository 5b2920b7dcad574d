/**
 * An error meant for the person at the terminal: its message is printed as is (one line on
 * stderr, or one line per problem when `details` is given) and the process exits non-zero.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** Extra lines printed before the message (e.g. one per bad input line). */
    readonly details: string[] = [],
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
