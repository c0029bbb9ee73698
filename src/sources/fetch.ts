import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';
import type { LoadedConfig } from '../config/index.ts';
import { UserError } from '../errors.ts';
import { decodeText } from './charset.ts';
import { BlockedAddressError, blockedAddressRange, guardedLookup } from './network-guard.ts';

export interface FetchOptions {
  /** The whole fetch, redirects included, must finish within this time. */
  timeoutMs: number;
  /** Longest wait for the next byte (a server that stalls or drips is given up on). */
  idleTimeoutMs: number;
  /** Cap on the body after decompression. */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Allow loopback and private addresses (self-hosted feeds, tests). */
  allowPrivateNetworks: boolean;
  /** Validators from the previous fetch: a 304 answer comes back as `notModified`. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  /** Called before each redirect is followed, with its target; what it throws ends the fetch. */
  beforeRedirect?: (target: string) => void;
}

export interface FetchResult {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The decompressed body, at most `maxBytes`. Empty when not modified. */
  body: Buffer;
  /** The body decoded with its charset (header, BOM, XML declaration or HTML meta). */
  text(): string;
  notModified: boolean;
}

export type FetchFailure = 'private_address' | 'timeout' | 'too_large' | 'too_many_redirects' | 'http_status' | 'bad_url' | 'network';

/** A fetch that failed, with a message naming the URL and the reason ("http://…/huge: response larger than 10 MB"). */
export class FetchError extends UserError {
  override name = 'FetchError';

  constructor(
    readonly reason: FetchFailure,
    readonly url: string,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`fetch_${reason}`, `${url}: ${detail}`);
  }
}

export function fetchOptionsFrom(loaded: LoadedConfig): FetchOptions {
  const { timeoutMs, idleTimeoutMs, maxBytes, maxRedirects, userAgent } = loaded.config.fetch;
  return { timeoutMs, idleTimeoutMs, maxBytes, maxRedirects, userAgent, allowPrivateNetworks: loaded.allowPrivateNetworks };
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const privateHint = 'set PARLEY_ALLOW_PRIVATE_NETWORKS=true for self-hosted feeds';

/**
 * Fetches one URL over http or https with parley's limits: a total deadline and an idle
 * deadline, a byte cap counted after decompression (so a gzip bomb stops at the cap), redirects
 * followed one hop at a time so every hop is checked again, conditional GET, and refusal of
 * private addresses at connect time unless `allowPrivateNetworks` is set.
 */
export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchResult> {
  const deadline = Date.now() + options.timeoutMs;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const answer = await requestOnce(checkUrl(current, options), current, options, deadline);
      if (answer.kind === 'done') return answer.result;
      if (hop >= options.maxRedirects) {
        throw new FetchError('too_many_redirects', url, `more than ${options.maxRedirects} redirects (last to ${answer.location})`);
      }
      options.beforeRedirect?.(answer.location);
      current = answer.location;
    }
  } catch (error) {
    // The message names the URL the caller asked for, and where a redirect led when it failed there.
    if (error instanceof FetchError && error.url !== url) {
      throw new FetchError(error.reason, url, `${error.detail} (after a redirect to ${error.url})`, error.status);
    }
    throw error;
  }
}

function checkUrl(raw: string, options: FetchOptions): URL {
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    throw new FetchError('bad_url', raw, 'not a valid URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FetchError('bad_url', raw, `refused: only http and https URLs can be fetched, not ${target.protocol}`);
  }
  if (target.username || target.password) throw new FetchError('bad_url', raw, 'refused: URLs with credentials are not fetched');
  // An address written into the URL never goes through `lookup`, so it is judged here.
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetworks && ipaddr.isValid(host)) {
    const range = blockedAddressRange(host);
    if (range) throw new FetchError('private_address', raw, `refused: resolves to a private address ${host} (${range}; ${privateHint})`);
  }
  return target;
}

type Answer = { kind: 'redirect'; location: string } | { kind: 'done'; result: FetchResult };

/** One request without following redirects; failures name `shown`, the URL as it was given. */
function requestOnce(target: URL, shown: string, options: FetchOptions, deadline: number): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    let idleTimer: NodeJS.Timeout | undefined;
    const streams: Readable[] = [];
    const finish = (error: Error | null, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(idleTimer);
      for (const stream of streams) stream.destroy();
      request.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const fail = (reason: FetchFailure, detail: string, status?: number) => finish(new FetchError(reason, shown, detail, status));
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => fail('timeout', `no data for ${seconds(options.idleTimeoutMs)}`), options.idleTimeoutMs);
    };

    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: options.accept ?? 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;

    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(target, {
      method: 'GET',
      headers,
      ...(options.allowPrivateNetworks ? {} : { lookup: guardedLookup }),
    });
    const totalTimer = setTimeout(() => fail('timeout', `no complete answer within ${seconds(options.timeoutMs)}`), Math.max(0, deadline - Date.now()));
    touch();

    request.on('error', (error: Error) => {
      if (error instanceof BlockedAddressError) {
        return fail('private_address', `refused: resolves to a private address ${error.address} (${error.range}; ${privateHint})`);
      }
      fail('network', networkReason(error));
    });

    request.on('response', (response) => {
      streams.push(response);
      touch();
      const status = response.statusCode ?? 0;
      const responseHeaders = flatHeaders(response.headers);
      if (redirectStatuses.has(status) && responseHeaders.location) {
        let location: string;
        try {
          location = new URL(responseHeaders.location, target).href;
        } catch {
          return fail('bad_url', `redirect to an invalid URL ${JSON.stringify(responseHeaders.location.slice(0, 200))}`);
        }
        return finish(null, { kind: 'redirect', location });
      }
      if (status === 304) {
        return finish(null, { kind: 'done', result: makeResult(status, shown, responseHeaders, Buffer.alloc(0), true) });
      }
      if (status < 200 || status > 299) {
        return fail('http_status', `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`, status);
      }

      const announced = Number(responseHeaders['content-length']);
      if (!responseHeaders['content-encoding'] && announced > options.maxBytes) {
        return fail('too_large', `response larger than ${megabytes(options.maxBytes)}`);
      }
      let body: Readable;
      try {
        body = decoded(response, responseHeaders['content-encoding']);
      } catch (error) {
        return fail('network', (error as Error).message);
      }
      if (body !== response) streams.push(body);
      // Idle time is measured on the wire; the cap on what the wire expands to.
      response.on('data', touch);
      response.on('error', (error) => fail('network', networkReason(error)));
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) return fail('too_large', `response larger than ${megabytes(options.maxBytes)}`);
        chunks.push(chunk);
      });
      body.on('error', (error) => fail('network', `cannot decompress the response: ${error.message}`));
      body.on('end', () => finish(null, { kind: 'done', result: makeResult(status, shown, responseHeaders, Buffer.concat(chunks), false) }));
    });
    request.end();
  });
}

function decoded(response: http.IncomingMessage, encoding: string | undefined): Readable {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return response;
  if (name === 'gzip' || name === 'x-gzip') return response.pipe(zlib.createGunzip());
  if (name === 'deflate') return response.pipe(zlib.createInflate());
  if (name === 'br') return response.pipe(zlib.createBrotliDecompress());
  throw new Error(`unsupported content encoding ${JSON.stringify(name.slice(0, 40))}`);
}

function makeResult(status: number, url: string, headers: Record<string, string>, body: Buffer, notModified: boolean): FetchResult {
  let text: string | undefined;
  return {
    status,
    url,
    headers,
    body,
    notModified,
    text: () => (text ??= decodeText(body, headers['content-type'])),
  };
}

function flatHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function networkReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset by the server';
  if (code === 'HPE_HEADER_OVERFLOW') return 'response headers too large';
  if (code?.startsWith('HPE_')) return `malformed HTTP response (${error.message})`;
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `TLS error: ${error.message}`;
  return error.message || code || 'network error';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}
