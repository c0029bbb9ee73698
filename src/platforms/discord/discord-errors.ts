import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../delivery/channel.ts';
import { errorMessage } from '../../errors.ts';

/** Discord's JSON error code for "a thread has already been created for this message". */
export const THREAD_ALREADY_EXISTS = 160004;

/**
 * A REST failure as a DeliveryError. The REST client has already waited out 429s and retried 5xx a
 * few times; what reaches here is either worth another try later (5xx, timeouts, resets, rate limits)
 * or will not change (unknown channel 10003, missing access 50001, missing permissions 50013, and
 * any other 4xx).
 */
export function discordDeliveryError(error: unknown, what: string, options: { messageTaken?: boolean } = {}): DeliveryError {
  // A rate limit refuses the request it answers; after the message itself was taken (a thread
  // started from it, say), the message is there all the same.
  const refused = !options.messageTaken;
  if (error instanceof RateLimitError) return new DeliveryError(`${what}: rate limited by Discord`, 'transient', error.retryAfter, refused);
  if (error instanceof DiscordAPIError) {
    const transient = error.status === 429 || error.status >= 500;
    return new DeliveryError(`${what}: Discord answered ${error.status} (${error.code}: ${error.message})`, transient ? 'transient' : 'permanent', undefined, refused && error.status === 429);
  }
  if (error instanceof HTTPError) {
    const transient = error.status === 429 || error.status >= 500;
    return new DeliveryError(`${what}: Discord answered HTTP ${error.status}`, transient ? 'transient' : 'permanent', undefined, refused && error.status === 429);
  }
  return new DeliveryError(`${what}: ${errorMessage(error)}`, 'transient');
}
