/**
 * Errors a user can act on carry a stable code and a one-line message that names the thing that
 * failed (a file, a feed, a config key) and why. The CLI prints them without a stack trace;
 * anything else is a programmer error and is logged in full.
 */
export class UserError extends Error {
  override name = 'UserError';

  constructor(
    readonly code: string,
    message: string,
    /** Process exit code when this error ends a command: 2 for bad usage or config, 1 otherwise. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export class ConfigError extends UserError {
  override name = 'ConfigError';

  constructor(message: string) {
    super('config_invalid', message, 2);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
