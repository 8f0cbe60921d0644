/** A failure the user can fix (missing key, wrong mode): the problem, and how to fix it. Every surface shows both. */
export class FixableError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'CliError';
  }
}
