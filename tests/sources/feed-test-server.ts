import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface TestServer {
  base: string;
  port: number;
  /** Requests seen, in order, with their headers. */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 that answers each path with its handler, and 404 otherwise. */
export async function startServer(routes: Record<string, Handler>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: request.headers });
    const handler = routes[path];
    if (!handler) {
      response.writeHead(404);
      response.end();
      return;
    }
    handler(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` with the given headers. */
export function serve(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' }): Handler {
  return (_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  };
}

/** Writes megabyte chunks for as long as the client keeps reading. */
export const endless: Handler = (request, response) => {
  response.writeHead(200, { 'content-type': 'application/rss+xml' });
  response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
  const chunk = Buffer.alloc(1 << 20, 0x61);
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
  };
  response.on('drain', pump);
  request.on('close', () => response.destroy());
  pump();
};

/** One byte every `everyMs`, forever. */
export function drip(everyMs: number): Handler {
  return (request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    const timer = setInterval(() => response.write(' '), everyMs);
    request.on('close', () => clearInterval(timer));
    response.on('close', () => clearInterval(timer));
  };
}

/** Accepts the request and never answers. */
export const silent: Handler = () => {};

export function redirect(location: string, status = 302): Handler {
  return (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };
}
