/** Discord's message limits (discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedDescription: 4096,
  /** Characters across every embed of one message. */
  embedsTotal: 6000,
  threadName: 100,
  /** A message nonce (used to recognise a message already posted). */
  nonce: 25,
} as const;

/** Every message parley posts pings nobody, whatever its text says. */
export const NO_MENTIONS = { parse: [] as string[] };
