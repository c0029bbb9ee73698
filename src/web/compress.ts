import { gzipSync } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import Negotiator from 'negotiator';
import type { WebResponse } from './site.tsx';

/** Below this a body goes as it is: gzip would save a few bytes and cost a header. */
const MIN_BYTES = 1024;
/** Text compresses (the story page at 100,000 articles: 1.6 MB of HTML); PNG is compressed already. */
const TEXT = /^(?:text\/|image\/svg\+xml)/;

/** Gzipped bodies by response: a cached page (page-cache.ts) is compressed once, not per request. */
const gzipped = new WeakMap<WebResponse, Buffer>();

export interface EncodedBody {
  body: string | Buffer;
  /** The body's length in bytes, for Content-Length. */
  bytes: number;
  /** `gzip`, or null for the body as rendered. */
  encoding: 'gzip' | null;
  /** True when the answer depends on Accept-Encoding (a `Vary` header is due). */
  negotiated: boolean;
}

/** The body to send: gzipped when it is text of some size and the client's Accept-Encoding takes gzip. */
export function encodeBody(answer: WebResponse, headers: IncomingHttpHeaders): EncodedBody {
  const bytes = Buffer.byteLength(answer.body);
  if (!TEXT.test(answer.type) || bytes < MIN_BYTES) return { body: answer.body, bytes, encoding: null, negotiated: false };
  if (new Negotiator({ headers }).encoding(['gzip', 'identity']) !== 'gzip') return { body: answer.body, bytes, encoding: null, negotiated: true };
  let body = gzipped.get(answer);
  if (!body) {
    body = gzipSync(answer.body);
    gzipped.set(answer, body);
  }
  return { body, bytes: body.length, encoding: 'gzip', negotiated: true };
}
