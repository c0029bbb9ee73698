import { answerLatest } from '../digest/index.ts';
import type { CommandHandler, ParsedCommand } from './types.ts';

/** How many developments `/latest` answers with. */
export const LATEST_LIMIT = 5;

/** `/latest <query>`; an empty query answers with the topic's newest developments. */
export const latest: CommandHandler<Extract<ParsedCommand, { name: 'latest' }>> = {
  admin: false,
  async run(services, _invocation, command) {
    const answer = await answerLatest({
      db: services.db,
      dialect: services.dialect,
      query: command.query.trim(),
      config: services.loaded.config,
      limit: LATEST_LIMIT,
      now: services.now(),
    });
    return { kind: 'latest', answer };
  },
};
