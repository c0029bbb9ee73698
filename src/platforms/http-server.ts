import http from 'node:http';
import { UserError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** The route takes every path under `path` (the web pages), after the exact routes. HEAD is answered as GET. */
  prefix?: boolean;
  handle(request: http.IncomingMessage, response: http.ServerResponse): void | Promise<void>;
}

export interface HttpServer {
  /** The port actually bound (differs from the asked one when it was 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The bot's one HTTP listener: `GET /healthz`, Slack's `/slack/events`, Discord's
 * `/discord/interactions`, and the web pages when enabled. Binds to `host` only (not every interface unless asked).
 */
export function startHttpServer(options: { host: string; port: number; routes: HttpRoute[]; logger: Logger }): Promise<HttpServer> {
  const { logger, routes } = options;
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route =
      routes.find((r) => !r.prefix && r.path === path && r.method === request.method) ??
      routes.find((r) => r.prefix && path.startsWith(r.path) && r.method === method);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve()
      .then(() => route.handle(request, response))
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'request handler failed');
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end();
      });
  });
  // Slack and Discord answer within seconds; a slow client must not hold a socket for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  return new Promise((resolve, reject) => {
    const where = `${options.host}:${options.port}`;
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserError('port_in_use', `HTTP listener: ${where} is already in use (set PORT or HOST)`, 2));
      else if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') reject(new UserError('port_unavailable', `HTTP listener: cannot listen on ${where} (${error.code}; set PORT or HOST)`, 2));
      else reject(error);
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      server.on('error', (error) => logger.error({ err: error }, 'HTTP listener error'));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      logger.info({ host: options.host, port }, 'HTTP listener ready');
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Reads a request body up to `maxBytes`; null when it is larger. */
export async function readBody(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
