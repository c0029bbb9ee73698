import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../delivery/channel.ts';
import { errorMessage } from '../../errors.ts';

/**
 * Slack's own error codes that a retry can fix. Every other code (channel_not_found,
 * not_in_channel, is_archived, missing_scope, invalid_auth, invalid_blocks, …) means the channel,
 * the bot's access or the message is wrong, and retrying would only repeat it.
 */
const transientCodes = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** A Web API failure as a DeliveryError: rate limits, 5xx, timeouts and resets are retried. */
export function slackDeliveryError(error: unknown, what: string): DeliveryError {
  const code = (error as { code?: string }).code;
  if (code === webApi.ErrorCode.RateLimitedError) {
    const retryAfter = (error as webApi.WebAPIRateLimitedError).retryAfter;
    return new DeliveryError(`${what}: rate limited by Slack`, 'transient', retryAfter * 1000, true);
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const slackCode = (error as webApi.WebAPIPlatformError).data.error;
    // internal_error and the like may come after part of the work was done; only a rate limit is a clean refusal.
    if (transientCodes.has(slackCode)) return new DeliveryError(`${what}: Slack answered ${slackCode}`, 'transient', undefined, slackCode === 'ratelimited');
    return new DeliveryError(`${what}: Slack refused it (${slackCode})`, 'permanent');
  }
  if (code === webApi.ErrorCode.HTTPError) {
    const status = (error as webApi.WebAPIHTTPError).statusCode;
    return new DeliveryError(`${what}: Slack answered HTTP ${status}`, status === 429 || status >= 500 ? 'transient' : 'permanent', undefined, status === 429);
  }
  // Request errors (connection refused or reset, timeouts) and anything unexpected: try again later.
  return new DeliveryError(`${what}: ${errorMessage(error)}`, 'transient');
}
