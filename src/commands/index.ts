import { UserError, errorMessage } from '../errors.ts';
import { requireAdmin } from './admin-precondition.ts';
import { help } from './help.ts';
import { latest } from './latest.ts';
import { now, pause, resume, schedule, subscribe, unsubscribe } from './settings-commands.ts';
import { sourcesAdd, sourcesList, sourcesRemove } from './sources.ts';
import { status } from './status.ts';
import { why } from './why.ts';
import type { CommandHandler, CommandName, CommandReply, CommandServices, Invocation, ParsedCommand } from './types.ts';

const handlers: { [N in CommandName]: CommandHandler<Extract<ParsedCommand, { name: N }>> } = {
  latest,
  subscribe,
  unsubscribe,
  schedule,
  pause,
  resume,
  now,
  status,
  'sources-add': sourcesAdd,
  'sources-remove': sourcesRemove,
  'sources-list': sourcesList,
  why,
  help,
};

/**
 * Runs one command for one platform. Admin commands pass the one admin precondition first. A
 * UserError (refusal, bad schedule, unknown source…) becomes a private notice; anything else is
 * logged and answered with a short apology, never a stack trace.
 */
export async function runCommand(services: CommandServices, invocation: Invocation, command: ParsedCommand): Promise<CommandReply> {
  const handler = handlers[command.name] as CommandHandler;
  try {
    if (handler.admin) await requireAdmin(services, invocation);
    return await handler.run(services, invocation, command);
  } catch (error) {
    if (error instanceof UserError) return { kind: 'notice', text: error.message, visibility: 'private' };
    services.logger.error(
      { err: error, command: command.name, platform: invocation.platform, channel: invocation.channelId },
      `command ${command.name} failed: ${errorMessage(error)}`,
    );
    return { kind: 'notice', text: `Sorry, “${command.name}” failed on parley’s side; the operator can see why in its log.`, visibility: 'private' };
  }
}

export { parseParleyText, tokenize } from './parse-text.ts';
export { parseAdmins, requireAdmin } from './admin-precondition.ts';
export type { CommandReply, CommandServices, DigestQueued, Invocation, ParsedCommand, ChatPlatform } from './types.ts';
