import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { startHttpServer, type HttpServer } from '../../src/platforms/http-server.ts';

const logger = createLogger({ level: 'silent' });
const servers: HttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('the HTTP listener', () => {
  it('answers /healthz, routes platform paths and answers 404 elsewhere', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, logger, routes: [{ method: 'POST', path: '/hook', handle: (_req, res) => void res.writeHead(204).end() }] });
    servers.push(server);
    const base = `http://127.0.0.1:${server.port}`;
    expect(await fetch(`${base}/healthz`).then((r) => r.json())).toEqual({ ok: true });
    expect((await fetch(`${base}/hook`, { method: 'POST' })).status).toBe(204);
    expect((await fetch(`${base}/hook`)).status).toBe(404);
    expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('says clearly when its port is taken', async () => {
    const first = await startHttpServer({ host: '127.0.0.1', port: 0, logger, routes: [] });
    servers.push(first);
    const second = startHttpServer({ host: '127.0.0.1', port: first.port, logger, routes: [] });
    await expect(second).rejects.toBeInstanceOf(UserError);
    await expect(second).rejects.toThrow(`HTTP listener: 127.0.0.1:${first.port} is already in use (set PORT or HOST)`);
  });
});
