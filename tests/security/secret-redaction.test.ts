import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, secretsFromEnv } from '../../src/logger.ts';

const env = {
  SLACK_BOT_TOKEN: 'xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOp',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  SLACK_APP_TOKEN: 'xapp-1-A0123-4567-abcdefabcdef',
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB',
  DISCORD_PUBLIC_KEY: 'a'.repeat(64),
  PARLEY_DB: 'sqlite:./data/parley.db',
};
const secrets = Object.entries(env)
  .filter(([key]) => key !== 'PARLEY_DB')
  .map(([, value]) => value);

function capture(options: { secrets?: string[] } = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'trace', destination, ...options }), output: () => lines.join('') };
}

describe('logger secret redaction', () => {
  it('picks the secrets out of the environment, and nothing else', () => {
    expect(secretsFromEnv(env).sort()).toEqual([...secrets].sort());
  });

  it('never prints a token inside an error message or its stack', () => {
    const { logger, output } = capture({ secrets: secretsFromEnv(env) });
    const error = new Error(`An API error occurred: invalid_auth for token ${env.SLACK_BOT_TOKEN}`);
    logger.error({ err: error }, `posting failed (${env.DISCORD_TOKEN})`);
    const printed = output();
    expect(printed).toContain('invalid_auth');
    for (const secret of secrets) expect(printed).not.toContain(secret);
    expect(printed).toContain('[redacted]');
  });

  it('never prints a token inside a URL', () => {
    const { logger, output } = capture({ secrets: secretsFromEnv(env) });
    logger.warn({ url: `https://slack.example/api/chat.postMessage?token=${encodeURIComponent(env.SLACK_BOT_TOKEN)}` }, 'retrying');
    logger.info(`socket mode via wss://wss.example/?app=${env.SLACK_APP_TOKEN}`);
    const printed = output();
    expect(printed).toContain('chat.postMessage');
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });

  it('never prints a token nested deep in a logged object', () => {
    const { logger, output } = capture({ secrets: secretsFromEnv(env) });
    logger.info({ config: { platforms: { slack: { credentials: { bot: env.SLACK_BOT_TOKEN, signing: env.SLACK_SIGNING_SECRET } } } }, list: [[env.DISCORD_TOKEN]] }, 'started');
    const printed = output();
    expect(printed).toContain('started');
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });

  it('redacts secret-named fields even when the value is not a known secret', () => {
    const { logger, output } = capture();
    logger.info({ token: 'unknown-token-value-1', request: { headers: { authorization: 'Bearer unknown-bearer-2' } }, botToken: 'unknown-bot-3', signingSecret: 'unknown-signing-4' }, 'request');
    const printed = output();
    for (const value of ['unknown-token-value-1', 'unknown-bearer-2', 'unknown-bot-3', 'unknown-signing-4']) expect(printed).not.toContain(value);
  });
});
