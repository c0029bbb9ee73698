import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchUrl, type FetchOptions } from '../../src/sources/fetch.ts';
import { BlockedAddressError, blockedAddressRange, guardedLookup } from '../../src/sources/network-guard.ts';
import { drip, endless, redirect, serve, silent, startServer, type TestServer } from './feed-test-server.ts';

const options: FetchOptions = {
  timeoutMs: 3_000,
  idleTimeoutMs: 1_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 3,
  userAgent: 'parley-test/1',
  allowPrivateNetworks: true,
};

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>http://example.org/</link><description>d</description></channel></rss>`;

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

let server: TestServer;

beforeAll(async () => {
  const gzipBomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  server = await startServer({
    '/ok.xml': serve(rss('Doha talks')),
    '/gzip.xml': serve(zlib.gzipSync(rss('gzipped')), { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }),
    '/br.xml': serve(zlib.brotliCompressSync(rss('brotli')), { 'content-type': 'application/rss+xml', 'content-encoding': 'br' }),
    '/deflate.xml': serve(zlib.deflateSync(rss('deflated')), { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' }),
    '/corrupt-gzip.xml': serve(Buffer.from('this is not gzip at all'), { 'content-encoding': 'gzip' }),
    '/gzip-bomb': serve(gzipBomb, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }),
    '/huge': endless,
    '/oversized': serve(Buffer.alloc(2 * 1024 * 1024, 0x61)),
    '/drip': drip(200),
    '/silent': silent,
    '/loop': redirect('/loop'),
    '/hop1': redirect('/hop2', 301),
    '/hop2': redirect('/ok.xml', 307),
    '/to-file': redirect('file:///etc/passwd'),
    '/truncated': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '1000' });
      response.write('<?xml version="1.0"?><rss');
      setTimeout(() => response.destroy(), 50);
    },
    '/missing': (_request, response) => {
      response.writeHead(404, 'Not Found');
      response.end('gone');
    },
    '/conditional': (request, response) => {
      if (request.headers['if-none-match'] === '"v1"' || request.headers['if-modified-since'] === 'Tue, 05 Mar 2024 12:00:00 GMT') {
        response.writeHead(304);
        return response.end();
      }
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Tue, 05 Mar 2024 12:00:00 GMT' });
      response.end(rss('conditional'));
    },
  });
});

afterAll(() => server.close());

describe('fetchUrl', () => {
  it('fetches a feed, sends a User-Agent and asks for compression', async () => {
    const result = await fetchUrl(`${server.base}/ok.xml`, options);
    expect(result.status).toBe(200);
    expect(result.notModified).toBe(false);
    expect(result.text()).toContain('<title>Doha talks</title>');
    const seen = server.requests.find((r) => r.path === '/ok.xml');
    expect(seen?.headers['user-agent']).toBe('parley-test/1');
    expect(seen?.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('decompresses gzip, deflate and brotli bodies', async () => {
    expect((await fetchUrl(`${server.base}/gzip.xml`, options)).text()).toContain('gzipped');
    expect((await fetchUrl(`${server.base}/deflate.xml`, options)).text()).toContain('deflated');
    expect((await fetchUrl(`${server.base}/br.xml`, options)).text()).toContain('brotli');
  });

  it('reports a body that is not the compression it claims', async () => {
    const error = await failure(fetchUrl(`${server.base}/corrupt-gzip.xml`, options));
    expect(error.reason).toBe('network');
    expect(error.message).toMatch(/corrupt-gzip\.xml: cannot decompress/);
  });

  it('stops a gzip bomb at the byte cap, counted after decompression', async () => {
    const started = Date.now();
    const error = await failure(fetchUrl(`${server.base}/gzip-bomb`, options));
    expect(error.reason).toBe('too_large');
    expect(error.message).toBe(`${server.base}/gzip-bomb: response larger than 1 MB`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops an endless body at the byte cap', async () => {
    const error = await failure(fetchUrl(`${server.base}/huge`, options));
    expect(error.reason).toBe('too_large');
    expect(error.message).toContain('/huge: response larger than 1 MB');
  });

  it('refuses a body over the cap', async () => {
    expect((await failure(fetchUrl(`${server.base}/oversized`, options))).reason).toBe('too_large');
  });

  it('gives up on a server that drips a byte at a time, at the total deadline', async () => {
    const started = Date.now();
    const error = await failure(fetchUrl(`${server.base}/drip`, { ...options, timeoutMs: 1_500 }));
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('/drip: no complete answer within 1500 ms');
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('gives up on a silent server at the idle deadline', async () => {
    const started = Date.now();
    const error = await failure(fetchUrl(`${server.base}/silent`, { ...options, idleTimeoutMs: 500 }));
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('/silent: no data for 500 ms');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('follows redirects to the final URL', async () => {
    const result = await fetchUrl(`${server.base}/hop1`, options);
    expect(result.url).toBe(`${server.base}/ok.xml`);
    expect(result.text()).toContain('Doha talks');
  });

  it('ends a redirect loop after the configured number of hops', async () => {
    const error = await failure(fetchUrl(`${server.base}/loop`, options));
    expect(error.reason).toBe('too_many_redirects');
    expect(error.message).toMatch(/\/loop: more than 3 redirects/);
  });

  it('checks every redirect hop: a redirect to a file: URL is refused', async () => {
    const error = await failure(fetchUrl(`${server.base}/to-file`, options));
    expect(error.reason).toBe('bad_url');
    expect(error.message).toContain('only http and https');
    expect(error.message).toContain(`${server.base}/to-file`);
  });

  it('answers a conditional GET with notModified', async () => {
    const first = await fetchUrl(`${server.base}/conditional`, options);
    expect(first.headers.etag).toBe('"v1"');
    const byEtag = await fetchUrl(`${server.base}/conditional`, { ...options, etag: first.headers.etag });
    expect(byEtag).toMatchObject({ status: 304, notModified: true });
    expect(byEtag.body.length).toBe(0);
    const byDate = await fetchUrl(`${server.base}/conditional`, { ...options, lastModified: first.headers['last-modified'] });
    expect(byDate.notModified).toBe(true);
  });

  it('reports a body cut off before its announced length', async () => {
    const error = await failure(fetchUrl(`${server.base}/truncated`, options));
    expect(error.reason).toBe('network');
    expect(error.message).toMatch(/\/truncated: /);
  });

  it('reports an HTTP error status', async () => {
    const error = await failure(fetchUrl(`${server.base}/missing`, options));
    expect(error).toMatchObject({ reason: 'http_status', status: 404 });
    expect(error.message).toBe(`${server.base}/missing: HTTP 404 Not Found`);
  });

  it('refuses URLs that are not http or https, or not URLs', async () => {
    expect((await failure(fetchUrl('file:///etc/passwd', options))).reason).toBe('bad_url');
    expect((await failure(fetchUrl('ftp://example.org/feed', options))).reason).toBe('bad_url');
    expect((await failure(fetchUrl('not a url', options))).message).toBe('not a url: not a valid URL');
  });

  it('reports a refused connection as a network failure naming the URL', async () => {
    const closed = await startServer({});
    const url = `${closed.base}/feed`;
    await closed.close();
    const error = await failure(fetchUrl(url, options));
    expect(error.reason).toBe('network');
    expect(error.message).toBe(`${url}: connection refused`);
  });
});

describe('guardedLookup', () => {
  const lookup = (hostname: string, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) => guardedLookup(hostname, { all }, (error, address) => resolve({ error, address })));

  it('refuses a name that resolves to loopback, whether one or all addresses are asked for', async () => {
    for (const all of [false, true]) {
      const { error } = await lookup('localhost', all);
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect((error as BlockedAddressError).range).toBe('loopback');
    }
  });

  it('judges addresses: only public unicast passes', () => {
    expect(blockedAddressRange('93.184.216.34')).toBeNull();
    expect(blockedAddressRange('2606:2800:220:1:248:1893:25c8:1946')).toBeNull();
    expect(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254', '224.0.0.1', '0.0.0.0', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1'].map(blockedAddressRange)).not.toContain(null);
  });
});

describe('fetchUrl without PARLEY_ALLOW_PRIVATE_NETWORKS', () => {
  const closed = { ...options, allowPrivateNetworks: false };

  it('refuses a loopback address written in the URL', async () => {
    const error = await failure(fetchUrl(`${server.base}/ok.xml`, closed));
    expect(error.reason).toBe('private_address');
    expect(error.message).toMatch(/refused: resolves to a private address 127\.0\.0\.1 \(loopback; set PARLEY_ALLOW_PRIVATE_NETWORKS=true/);
  });

  it('refuses a host name that resolves to loopback, checked when connecting', async () => {
    const error = await failure(fetchUrl(`http://localhost:${server.port}/never-reached`, closed));
    expect(error.reason).toBe('private_address');
    expect(error.message).toMatch(/^http:\/\/localhost:\d+\/never-reached: refused: resolves to a private address (127\.0\.0\.1|::1)/);
    expect(server.requests.some((r) => r.path === '/never-reached')).toBe(false);
  });

  it('refuses metadata, private, CGNAT, link-local and IPv4-mapped addresses', async () => {
    for (const host of ['169.254.169.254', '10.0.0.1', '192.168.1.1', '100.64.0.1', '0.0.0.0', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[fd00::1]', '2130706433', '0x7f.1', '127.1']) {
      const error = await failure(fetchUrl(`http://${host}/latest/meta-data`, closed));
      expect(error.reason, host).toBe('private_address');
    }
  });
});
