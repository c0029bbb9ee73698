import pino, { type Logger } from 'pino';

export type { Logger };

/** Environment variables whose values are secrets: never printed, whatever the log line holds. */
export const secretEnvKeys = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY'] as const;

const redactPaths = [
  'token',
  '*.token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-signature-ed25519"]',
];

export interface LoggerOptions {
  level?: string;
  /** Secret values to scrub from every line, wherever they appear (error messages, URLs, …). */
  secrets?: readonly string[];
  destination?: pino.DestinationStream;
}

/**
 * The structured logger: JSON lines on stderr (stdout carries command output such as a digest).
 * Known secret fields are redacted by path, and the values of known secrets are scrubbed from the
 * finished line, so a token inside an error message or URL is caught too.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((value) => value.length >= 6);
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: redactPaths, censor: '[redacted]' },
      hooks:
        secrets.length > 0
          ? { streamWrite: (line) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line) }
          : {},
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return secretEnvKeys.map((key) => env[key]).filter((value): value is string => typeof value === 'string' && value !== '');
}
