import type { DeliveryChannel, PostedRef, PostRequest } from './channel.ts';

/**
 * The console channel: each message of a digest is written to stdout as text, followed by a blank
 * line. The operator's terminal or log collector is the channel.
 */
export class ConsoleChannel implements DeliveryChannel {
  readonly platform = 'console' as const;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  async post(request: PostRequest): Promise<PostedRef> {
    const text = (request.payload as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw new TypeError(`console message ${request.marker.key} has no text payload`);
    await new Promise<void>((resolve, reject) => this.out.write(`${text.trimEnd()}\n\n`, (error) => (error ? reject(error) : resolve())));
    const messageId = `console:${request.marker.key}`;
    return { messageId, threadId: request.parent?.threadId ?? messageId };
  }

  /** A terminal keeps no record to look in, so nothing is ever found: a resent message may show twice. */
  async find(): Promise<PostedRef | null> {
    return null;
  }
}
