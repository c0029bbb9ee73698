import type { Logger } from '../logger.ts';
import type { HttpRoute } from '../platforms/http-server.ts';
import { encodeBody } from './compress.ts';
import { SECURITY_HEADERS } from './headers.ts';
import { PageCache } from './page-cache.ts';
import { planChangedDays, respond, type WebContext } from './site.tsx';
import { siteState } from './story-days.ts';

/**
 * The pages on `parley start`'s HTTP listener (when `web.enabled`): every GET the other routes do
 * not take. Read-only; every answer carries the security headers (CSP, nosniff, no referrer), and
 * text goes gzipped to a client that takes it.
 */
export function webRoute(ctx: WebContext, logger: Logger): HttpRoute {
  const cache = new PageCache();
  return {
    method: 'GET',
    path: '/',
    prefix: true,
    async handle(request, response) {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const started = performance.now();
      await planChangedDays(ctx);
      const answer = await cache.get(await siteState(ctx.db), path, () => respond(ctx, path));
      const { body, bytes, encoding, negotiated } = encodeBody(answer, request.headers);
      response.writeHead(answer.status, {
        ...SECURITY_HEADERS,
        'content-type': answer.type,
        'content-length': bytes,
        'cache-control': answer.type.startsWith('text/css') ? 'public, max-age=3600' : 'no-cache',
        ...(encoding ? { 'content-encoding': encoding } : {}),
        ...(negotiated ? { vary: 'Accept-Encoding' } : {}),
        ...(answer.location ? { location: answer.location } : {}),
      });
      response.end(body);
      logger.debug({ path, status: answer.status, ms: Math.round(performance.now() - started) }, 'web page served');
    },
  };
}
