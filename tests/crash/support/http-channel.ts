import { DeliveryError, type DeliveryChannel, type PostedRef, type PostRequest } from '../../../src/delivery/channel.ts';

/** The delivery channel of the crash child: talks to the fake platform over HTTP, as an adapter talks to Slack. */
export class HttpChannel implements DeliveryChannel {
  readonly platform = 'slack' as const;

  constructor(private readonly base: string) {}

  async post(request: PostRequest): Promise<PostedRef> {
    const body = { channelId: request.channelId, key: request.marker.key, payload: request.payload, thread: request.parent?.threadId };
    const res = await this.call(`${this.base}/post`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (res.status === 429) throw new DeliveryError('rate limited', 'transient', ((await res.json()) as { retryAfterMs: number }).retryAfterMs, true);
    if (!res.ok) throw new DeliveryError(`HTTP ${res.status}`, 'transient');
    return (await res.json()) as PostedRef;
  }

  async find(request: PostRequest): Promise<PostedRef | null> {
    const res = await this.call(`${this.base}/find?channel=${encodeURIComponent(request.channelId)}&key=${encodeURIComponent(request.marker.key)}`, {});
    if (res.status === 404) return null;
    if (!res.ok) throw new DeliveryError(`HTTP ${res.status}`, 'transient');
    return (await res.json()) as PostedRef;
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(3_000) });
    } catch (error) {
      throw new DeliveryError(`network: ${(error as Error).message}`, 'transient');
    }
  }
}
